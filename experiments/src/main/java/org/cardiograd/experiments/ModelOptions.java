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
        // no declared defaults: probe and finetune tell "given" from "not given" (a checkpoint brings its own)
        o.value("--model", "NAME", null, "model: crema (default; cgdmer: not in this build yet)");
        o.value("--preset", "NAME", null, "CREMA preset: paper (1024 wide, 500 Hz), small (256), cpu (default: "
                + "128 wide, 250 Hz)");
        o.value("--mode", "HL|GL|CL", null, "learning mode: HL (CREMA), GL (reconstruction), CL (contrastive); "
                + "default: the preset's (HL)");
        o.repeatable("--set", "KEY=VALUE", "override a config field, e.g. --set width=256 --set maskRatio=0.6");
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
                CremaConfig c = RecordOverrides.apply(CremaModel.preset(preset), p.list("--set"));
                if (p.has("--mode")) {
                    c = RecordOverrides.apply(c, java.util.List.of("mode=" + p.string("--mode")));
                }
                return CremaModel.factory(preset, c);
            }
            case "cgdmer":
                throw new Options.UsageException("--model cgdmer: CG-DMER is not available in this build yet "
                        + "(issue 7); use --model crema");
            default:
                throw new Options.UsageException("--model " + model + ": expected crema or cgdmer");
        }
    }
}
