package org.cardiograd.ecg.zeroshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.cardiograd.ecg.io.EcgFormatException;
import org.cardiograd.ecg.io.SnomedCtTable;

/**
 * The classes of one label set with a plain clinical description of each, for zero-shot classification: the
 * descriptions go through the text encoder, and an ECG scores a class by the cosine similarity of its embedding
 * with the description's ({@link ZeroShotClassifier}).
 *
 * <p>A set is a tab-separated text file. Lines starting with {@code #} are comments and blank lines are
 * skipped; the first other line is the header {@code code, snomed_ct, description}; then one line per class:
 * its code, the SNOMED-CT codes that stand for it (comma-separated, {@code -} when none fits), its
 * description, and optionally further phrasings of the same class (used together as a prompt ensemble).
 * The sets written for this project ({@link #names()}) live beside this class as {@code <name>.tsv}.
 */
public final class CategoryDescriptionSet {

    private static final List<String> BUILT_IN = List.of("ptbxl-super", "ptbxl-sub", "ptbxl-form", "ptbxl-rhythm",
            "cpsc2018", "csn", "synthetic");
    private static final List<String> HEADER = List.of("code", "snomed_ct", "description");
    private static final Pattern SNOMED_CODE = Pattern.compile("[0-9]{6,18}");

    /**
     * One class.
     *
     * @param code         the label code, e.g. {@code "MI"} or {@code "I-AVB"}
     * @param snomedCodes  SNOMED-CT codes that stand for the class (empty when none fits)
     * @param descriptions the description first, then further phrasings; at least one
     */
    public record Category(String code, List<String> snomedCodes, List<String> descriptions) {
        public Category {
            snomedCodes = List.copyOf(snomedCodes);
            descriptions = List.copyOf(descriptions);
        }

        /** The main description. */
        public String description() {
            return descriptions.get(0);
        }
    }

    private final String name;
    private final List<Category> categories;
    private final Map<String, Integer> positionByCode;
    private final Map<String, List<Integer>> positionsBySnomed;

    private CategoryDescriptionSet(String name, List<Category> categories) {
        this.name = name;
        this.categories = List.copyOf(categories);
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            positions.put(categories.get(i).code(), i);
        }
        this.positionByCode = Collections.unmodifiableMap(positions);
        this.positionsBySnomed = mergedSnomedIndex(this.categories);
    }

    /** Names of the sets shipped with the project: PTB-XL super/sub/form/rhythm, CPSC2018, CSN, synthetic. */
    public static List<String> names() {
        return BUILT_IN;
    }

    /** A set shipped with the project, by name (see {@link #names()}). */
    public static CategoryDescriptionSet load(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("no category description set '" + name + "'; expected one of "
                    + BUILT_IN);
        }
        String resource = name + ".tsv";
        try (InputStream in = CategoryDescriptionSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name, Path.of(resource));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the built-in set " + resource, e);
        }
    }

    /** A set from a file of the user's; its name is the file name without {@code .tsv}. */
    public static CategoryDescriptionSet read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".tsv") ? fileName.substring(0, fileName.length() - 4) : fileName;
        return parse(Files.readString(file, StandardCharsets.UTF_8), name, file);
    }

    /** Parses the text of a set; {@code file} names it in error messages. */
    public static CategoryDescriptionSet parse(String text, String name, Path file) throws EcgFormatException {
        String[] lines = text.split("\r?\n", -1);
        boolean headerSeen = false;
        List<Category> categories = new ArrayList<>();
        Map<String, Integer> lineOfCode = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = "line " + (i + 1);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (!headerSeen) {
                if (fields.length != HEADER.size() || !List.of(fields).equals(HEADER)) {
                    throw new EcgFormatException(file, where, "expected the header '" + String.join("<TAB>", HEADER)
                            + "', found '" + line + "'");
                }
                headerSeen = true;
                continue;
            }
            Category category = category(fields, file, where);
            Integer previous = lineOfCode.put(category.code(), i + 1);
            if (previous != null) {
                throw new EcgFormatException(file, where, "code '" + category.code() + "' already defined on line "
                        + previous + "; expected each code once");
            }
            categories.add(category);
        }
        if (categories.isEmpty()) {
            throw new EcgFormatException(file, null, headerSeen ? "no categories after the header"
                    : "empty: expected the header '" + String.join("<TAB>", HEADER) + "' and one line per category");
        }
        return new CategoryDescriptionSet(name, categories);
    }

    private static Category category(String[] fields, Path file, String where) throws EcgFormatException {
        if (fields.length < HEADER.size()) {
            throw new EcgFormatException(file, where, "has " + fields.length + " tab-separated field(s); expected"
                    + " code, SNOMED-CT codes and at least one description");
        }
        for (int k = 0; k < fields.length; k++) {
            if (fields[k].isBlank()) {
                String column = k < HEADER.size() ? HEADER.get(k) : "phrasing " + (k - HEADER.size() + 2);
                throw new EcgFormatException(file, where, "empty " + column + " (column " + (k + 1) + ")");
            }
            if (!fields[k].equals(fields[k].strip())) {
                throw new EcgFormatException(file, where, "column " + (k + 1) + " '" + fields[k]
                        + "' has leading or trailing spaces");
            }
        }
        String code = fields[0];
        if (code.chars().anyMatch(Character::isWhitespace)) {
            throw new EcgFormatException(file, where, "code '" + code + "' contains white space");
        }
        List<String> snomed = new ArrayList<>();
        if (!fields[1].equals("-")) {
            Set<String> seen = new LinkedHashSet<>();
            for (String s : fields[1].split(",", -1)) {
                if (!SNOMED_CODE.matcher(s).matches()) {
                    throw new EcgFormatException(file, where, "SNOMED-CT code '" + s + "' of " + code
                            + " is not a number of 6 to 18 digits; expected e.g. 164889003, or '-' for none");
                }
                if (!seen.add(s)) {
                    throw new EcgFormatException(file, where, "SNOMED-CT code " + s + " listed twice for " + code);
                }
            }
            snomed.addAll(seen);
        }
        List<String> descriptions = List.of(fields).subList(2, fields.length);
        return new Category(code, snomed, descriptions);
    }

    public String name() {
        return name;
    }

    public List<Category> categories() {
        return categories;
    }

    /** The class codes in file order (the column order of scores and label matrices). */
    public List<String> codes() {
        return categories.stream().map(Category::code).toList();
    }

    public int size() {
        return categories.size();
    }

    /** The class with this code. */
    public Category get(String code) {
        Integer position = positionByCode.get(code);
        if (position == null) {
            throw new IllegalArgumentException("set '" + name + "' has no category '" + code + "'; expected one of "
                    + codes());
        }
        return categories.get(position);
    }

    /**
     * A record's labels as a multi-hot row over {@link #codes()}: a class is present when the labels hold its
     * code (synthetic and PTB-XL labels) or one of its SNOMED-CT codes, equivalent codes merged the way the
     * PhysioNet/CinC challenge scores them (so a record labelled 713427006 CRBBB has a class listing 59118001
     * RBBB). Labels no class stands for are ignored.
     */
    public float[] multiHot(Set<String> labels) {
        float[] row = new float[categories.size()];
        for (String label : labels) {
            Integer position = positionByCode.get(label);
            if (position != null) {
                row[position] = 1f;
            }
            String merged = SnomedCtTable.builtIn().scoredEntry(label).map(SnomedCtTable.Entry::code).orElse(label);
            for (int p : positionsBySnomed.getOrDefault(merged, List.of())) {
                row[p] = 1f;
            }
        }
        return row;
    }

    /** Positions of the classes per merged SNOMED-CT code. */
    private static Map<String, List<Integer>> mergedSnomedIndex(List<Category> categories) {
        Map<String, List<Integer>> index = new LinkedHashMap<>();
        SnomedCtTable table = SnomedCtTable.builtIn();
        for (int i = 0; i < categories.size(); i++) {
            for (String code : categories.get(i).snomedCodes()) {
                String merged = table.scoredEntry(code).map(SnomedCtTable.Entry::code).orElse(code);
                List<Integer> positions = index.computeIfAbsent(merged, k -> new ArrayList<>());
                if (!positions.contains(i)) {
                    positions.add(i);
                }
            }
        }
        return index;
    }

    @Override
    public String toString() {
        return "CategoryDescriptionSet[" + name + ": " + categories.size() + " classes]";
    }
}
