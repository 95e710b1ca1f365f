package org.cardiograd.ecg.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Checks the MAT-v4 header in front of the int16 samples of a PhysioNet/CinC challenge {@code .mat} signal file
 * (format {@code 16x1+24}): five little-endian int32 (type, rows, columns, imaginary flag, name length), then
 * the variable name. The matrix is stored column by column, so with one row per signal the columns are exactly
 * WFDB frames. Comparing its shape with the WFDB header turns a wrong signal or sample count into a precise
 * message instead of a byte-count puzzle.
 */
final class MatV4Header {
    /** MAT-v4 type code MOPT = 0030: little-endian (M=0), int16 (P=3), full numeric matrix (T=0). */
    private static final int LITTLE_ENDIAN_INT16 = 30;
    private static final int FIXED_BYTES = 20;

    private MatV4Header() {
    }

    static boolean applies(Path dataFile, WfdbSignalSpec signal) {
        String name = dataFile.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".mat") && signal.format() == 16;
    }

    /**
     * @param signalsInFile   signals the WFDB header lists in this file
     * @param declaredSamples samples per signal from the record line, 0 when not given
     * @param headerLine      where the header names this file, for messages
     */
    static void check(byte[] data, Path dataFile, WfdbSignalSpec first, int signalsInFile, long declaredSamples,
                      String headerLine) throws EcgFormatException {
        if (data.length < FIXED_BYTES) {
            throw new EcgFormatException(dataFile, null, "file has " + data.length + " bytes; expected a MAT-v4 header of at"
                    + " least " + FIXED_BYTES + " bytes before the samples");
        }
        ByteBuffer header = ByteBuffer.wrap(data, 0, FIXED_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int type = header.getInt();
        int rows = header.getInt();
        int columns = header.getInt();
        int imaginary = header.getInt();
        int nameLength = header.getInt();
        if (type != LITTLE_ENDIAN_INT16 || imaginary != 0) {
            throw new EcgFormatException(dataFile, "byte 0", "expected a MAT-v4 header of a real little-endian int16"
                    + " matrix (type 30, no imaginary part) for format 16, found type " + type + ", imaginary flag "
                    + imaginary);
        }
        long expectedOffset = FIXED_BYTES + (long) nameLength;
        if (nameLength < 1 || expectedOffset != first.byteOffset()) {
            throw new EcgFormatException(dataFile, "byte 16", "the MAT-v4 header ends at byte " + expectedOffset
                    + " (variable name of " + nameLength + " bytes) but " + headerLine + " gives a byte offset of "
                    + first.byteOffset());
        }
        if (rows != signalsInFile) {
            throw new EcgFormatException(dataFile, "byte 4", "the MAT-v4 matrix has " + rows + " rows (signals) but "
                    + headerLine + " lists " + signalsInFile + " signals in this file");
        }
        if (declaredSamples > 0 && columns != declaredSamples) {
            throw new EcgFormatException(dataFile, "byte 8", "the MAT-v4 matrix has " + columns + " columns (samples per"
                    + " signal) but the header's record line declares " + declaredSamples);
        }
    }
}
