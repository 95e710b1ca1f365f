package org.cardiograd.ecg.io;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cardiograd.ecg.EcgRecord;

/**
 * Finds the 12 standard leads among a record's signal names. Names are compared case-insensitively after
 * trimming, so PTB-XL's {@code AVR}, {@code avl} and the challenge files' {@code aVR} all match; no other
 * spelling is guessed. Extra signals (e.g. the Frank leads of the PTB database) are ignored.
 */
public final class StandardLeads {
    private StandardLeads() {
    }

    /**
     * For each lead of {@link EcgRecord#LEADS}, the index of the signal with that name.
     *
     * @param names signal names in file order
     * @param file  the file the names come from, named in messages
     * @throws EcgFormatException when a standard lead is missing or named twice
     */
    public static int[] indices(List<String> names, Path file) throws EcgFormatException {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String key = key(names.get(i));
            Integer previous = byName.putIfAbsent(key, i);
            if (previous != null && isStandard(key)) {
                throw new EcgFormatException(file, null, "lead '" + names.get(i) + "' appears twice (signals "
                        + previous + " and " + i + "); expected each of the 12 standard leads once");
            }
        }
        int[] indices = new int[EcgRecord.LEADS.size()];
        for (int lead = 0; lead < indices.length; lead++) {
            Integer index = byName.get(key(EcgRecord.LEADS.get(lead)));
            if (index == null) {
                throw new EcgFormatException(file, null, "lead " + EcgRecord.LEADS.get(lead) + " is missing; expected "
                        + "the 12 standard leads " + EcgRecord.LEADS + " (case-insensitive), found " + names);
            }
            indices[lead] = index;
        }
        return indices;
    }

    private static boolean isStandard(String key) {
        return EcgRecord.LEADS.stream().anyMatch(lead -> key(lead).equals(key));
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
