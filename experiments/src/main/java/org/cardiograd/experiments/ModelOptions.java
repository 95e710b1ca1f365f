package org.cardiograd.experiments;

import org.cardiograd.ecg.crema.CremaConfig;

/**
 * The options that define a model (--model, --preset, --mode, --set) and the factory they resolve to. A new
 * model is one more case here and one {@link PretrainableModel} class.
 */
final class ModelOptions {
    private static final String DEFAULT_MODEL = "crema";
    private static final String DEFAULT_PRESET = "cpu";

    private ModelOptions() {}

    static void declare(Options o) {
        // probe and finetune tell "given" from "not given" with has() (a checkpoint brings its own model); model
        // and preset have no declared default because explicit() saves them as given, the mode is the preset's
        o.value("--model", "NAME", null, "model: crema (default) or cgdmer (ECGs paired with reports)");
        o.value("--preset", "NAME", null, "CREMA preset: paper (1024 wide, 500 Hz), small (256), cpu (default: "
                + "128 wide, 250 Hz); CG-DMER preset: cpu (default: 64 wide, 250 Hz), bench (256)");
        o.value("--mode", "HL|GL|CL", null, "learning mode: HL (CREMA), GL (reconstruction), CL (contrastive); "
                + "default: the preset's (HL)");
        o.repeatable("--set", "KEY=VALUE", "override a config field, e.g. --set width=256 --set maskRatio=0.6; "
                + "CG-DMER: ecg.FIELD, text.FIELD, objective.FIELD or embedDim (prefix optional when unambiguous)");
        o.value("--ablate", "LIST", null, "CG-DMER ablations, comma-separated: "
                + String.join(", ", CgDmerOptions.ABLATIONS));
        o.value("--text-encoder", "DIR", null, "CG-DMER: a HuggingFace BERT folder (config.json, vocab.txt, "
                + "model.safetensors) as the report encoder and tokenizer; default: a BERT from scratch on a "
                + "WordPiece vocabulary trained on the training reports (vocab.txt in the run folder)");
        o.value("--report-tokens", "N", "0", "CG-DMER report length in tokens (0: the text encoder's positions, "
                + "at most 64)");
    }

    /** Whether any model-defining option was given (a checkpoint brings its own). */
    static boolean given(Options.Parsed p) {
        return p.has("--model") || p.has("--preset") || p.has("--mode") || p.has("--set") || p.has("--ablate")
                || p.has("--text-encoder") || p.has("--report-tokens");
    }

    /** The options as a command line with the model and preset spelled out (for a run's saved options). */
    static java.util.List<String> explicit(Options.Parsed p) {
        java.util.List<String> args = new java.util.ArrayList<>(p.arguments());
        if (!p.has("--model")) {
            args.add("--model=" + DEFAULT_MODEL);
        }
        if (!p.has("--preset")) {
            args.add("--preset=" + DEFAULT_PRESET);
        }
        return args;
    }

    static PretrainableModel.Factory factory(Options.Parsed p) {
        String model = p.has("--model") ? p.string("--model") : DEFAULT_MODEL;
        String preset = p.has("--preset") ? p.string("--preset") : DEFAULT_PRESET;
        switch (model) {
            case "crema": {
                for (String cgdmerOnly : java.util.List.of("--ablate", "--text-encoder", "--report-tokens")) {
                    if (p.has(cgdmerOnly)) {
                        throw new Options.UsageException(cgdmerOnly + " applies to --model cgdmer");
                    }
                }
                CremaConfig c = RecordOverrides.apply(CremaModel.preset(preset), p.list("--set"));
                if (p.has("--mode")) {
                    c = RecordOverrides.apply(c, java.util.List.of("mode=" + p.string("--mode")));
                }
                return CremaModel.factory(preset, c);
            }
            case "cgdmer":
                return CgDmerOptions.factory(p, preset);
            default:
                throw new Options.UsageException("--model " + model + ": expected crema or cgdmer");
        }
    }
}
