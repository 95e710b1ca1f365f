package org.cardiograd.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.ecg.cgdmer.CgDmerConfig;
import org.cardiograd.ecg.text.BertConfig;

/**
 * The command-line form of a {@link CgDmerConfig}: a preset, {@code --set part.field=value} overrides of its
 * three parts ({@code ecg.}, {@code text.}, {@code objective.}; a field name found in one part only may go
 * without its prefix, e.g. {@code maskRatio=0.6}; {@code embedDim} is top-level), the ablation switches of
 * {@code --ablate} and the text encoder of {@code --text-encoder}.
 */
final class CgDmerOptions {
    /** The ablations of the paper's study, each a switch of the config. */
    static final List<String> ABLATIONS = List.of("lead-agnostic", "no-ecg-reconstruction", "no-text-mlm",
            "no-disentangle", "no-orthogonality", "no-siglip", "no-contrastive");

    private CgDmerOptions() {}

    static PretrainableModel.Factory factory(Options.Parsed p, String preset) {
        if (p.has("--mode")) {
            throw new Options.UsageException("--mode is CREMA's learning mode; CG-DMER's terms are switched with "
                    + "--ablate " + String.join(",", ABLATIONS));
        }
        CgDmerConfig c = CgDmerModel.preset(preset);
        Path textEncoder = null;
        if (p.has("--text-encoder")) {
            textEncoder = Path.of(p.string("--text-encoder"));
            c = c.withText(textOf(textEncoder));
        }
        c = apply(c, p.list("--set"), textEncoder != null);
        List<String> ablations = p.has("--ablate") ? List.of(p.string("--ablate").split(",")) : List.of();
        c = ablate(c, ablations);
        int reportTokens = p.integer("--report-tokens");
        if (reportTokens == 0) {
            reportTokens = Math.min(c.text().maxTokens(), 64);
        }
        if (reportTokens < 2 || reportTokens > c.text().maxTokens()) {
            throw new Options.UsageException("--report-tokens " + reportTokens + ": expected 2.."
                    + c.text().maxTokens() + " (the text encoder's positions)");
        }
        return CgDmerModel.factory(preset, c, textEncoder, reportTokens, ablations);
    }

    /** The report encoder's shape from a HuggingFace BERT folder's config.json. */
    private static CgDmerConfig.Text textOf(Path folder) {
        Path json = folder.resolve("config.json");
        if (!Files.isRegularFile(json)) {
            throw new Options.UsageException("--text-encoder " + folder + ": expected a HuggingFace BERT folder with "
                    + "config.json, vocab.txt and model.safetensors (no " + json + ")");
        }
        try {
            BertConfig b = BertConfig.fromHuggingFaceJson(json);
            return new CgDmerConfig.Text(b.vocabSize(), b.hidden(), b.layers(), b.heads(), b.intermediate(),
                    b.maxPosition());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies {@code --set} assignments to the parts they name. */
    static CgDmerConfig apply(CgDmerConfig c, List<String> assignments, boolean pretrainedText) {
        Map<String, List<String>> byPart = new LinkedHashMap<>();
        for (String part : List.of("ecg", "text", "objective", "top")) {
            byPart.put(part, new ArrayList<>());
        }
        for (String a : assignments) {
            int eq = a.indexOf('=');
            String key = eq < 0 ? a : a.substring(0, eq).trim();
            String part = partOf(key, c);
            String field = key.contains(".") ? key.substring(key.indexOf('.') + 1) : key;
            if (part.equals("text") && pretrainedText) {
                throw new Options.UsageException("--set " + a + ": the text encoder's shape comes from --text-encoder");
            }
            byPart.get(part).add(eq < 0 ? field : field + a.substring(eq));
        }
        CgDmerConfig out = new CgDmerConfig(RecordOverrides.apply(c.ecg(), byPart.get("ecg")),
                RecordOverrides.apply(c.text(), byPart.get("text")),
                RecordOverrides.apply(c.objective(), byPart.get("objective")), c.embedDim());
        for (String a : byPart.get("top")) {
            out = RecordOverrides.apply(out, List.of(a));
        }
        return out;
    }

    private static String partOf(String key, CgDmerConfig c) {
        int dot = key.indexOf('.');
        if (dot >= 0) {
            String part = key.substring(0, dot);
            if (!List.of("ecg", "text", "objective").contains(part)) {
                throw new Options.UsageException("--set " + key + ": expected ecg.FIELD, text.FIELD, objective.FIELD"
                        + " or embedDim");
            }
            return part;
        }
        if (key.equals("embedDim")) {
            return "top";
        }
        List<String> found = new ArrayList<>();
        if (RecordOverrides.fields(c.ecg()).containsKey(key)) {
            found.add("ecg");
        }
        if (RecordOverrides.fields(c.text()).containsKey(key)) {
            found.add("text");
        }
        if (RecordOverrides.fields(c.objective()).containsKey(key)) {
            found.add("objective");
        }
        if (found.size() != 1) {
            throw new Options.UsageException("--set " + key + ": " + (found.isEmpty() ? "no such CG-DMER field; "
                    + "ecg: " + RecordOverrides.fields(c.ecg()).keySet() + ", text: "
                    + RecordOverrides.fields(c.text()).keySet() + ", objective: "
                    + RecordOverrides.fields(c.objective()).keySet() + ", embedDim"
                    : "ambiguous, write " + String.join(" or ", found.stream().map(f -> f + "." + key).toList())));
        }
        return found.get(0);
    }

    /** Switches terms and the tokenization off by name. */
    static CgDmerConfig ablate(CgDmerConfig c, List<String> ablations) {
        CgDmerConfig.Objective o = c.objective();
        CgDmerConfig.Ecg e = c.ecg();
        try {
            for (String a : ablations) {
                switch (a) {
                    case "lead-agnostic" -> e = e.withTokenization(CgDmerConfig.Tokenization.LEAD_AGNOSTIC)
                            .withMasking(e.maskRatio(), 0f, 0f, e.maskSpan());
                    case "no-ecg-reconstruction" -> o = o.withEcgReconstruction(false);
                    case "no-text-mlm" -> o = o.withTextMlm(false);
                    case "no-disentangle" -> o = o.withDisentangle(false);
                    case "no-orthogonality" -> o = o.withOrthogonality(false);
                    case "no-siglip" -> o = o.withSigLip(false);
                    case "no-contrastive" -> o = o.withContrastive(false);
                    default -> throw new Options.UsageException("--ablate " + a + ": expected a comma-separated list "
                            + "of " + ABLATIONS);
                }
            }
        } catch (IllegalArgumentException ex) {
            throw new Options.UsageException("--ablate " + String.join(",", ablations) + ": " + ex.getMessage());
        }
        return c.withEcg(e).withObjective(o);
    }
}
