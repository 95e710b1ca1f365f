package org.cardiograd.experiments;

import org.cardiograd.ecg.crema.CremaConfig;

/**
 * The options that define a model (--model, --preset, --mode, --set) and the factory they resolve to. A new
 * model is one more case here and one {@link PretrainableModel} class.
 */
final class ModelOptions {
    private ModelOptions() {}

    static void declare(Options o) {
        o.value("--model", "NAME", "crema", "model: crema (cgdmer: not in this build yet)");
        o.value("--preset", "NAME", "cpu", "CREMA preset: paper (1024 wide, 500 Hz), small (256), cpu (128, 250 Hz)");
        o.value("--mode", "HL|GL|CL", null, "learning mode: HL (CREMA), GL (reconstruction), CL (contrastive); "
                + "default: the preset's (HL)");
        o.repeatable("--set", "KEY=VALUE", "override a config field, e.g. --set width=256 --set maskRatio=0.6");
    }

    static PretrainableModel.Factory factory(Options.Parsed p) {
        String model = p.string("--model");
        switch (model) {
            case "crema": {
                CremaConfig c = RecordOverrides.apply(CremaModel.preset(p.string("--preset")), p.list("--set"));
                if (p.has("--mode")) {
                    c = RecordOverrides.apply(c, java.util.List.of("mode=" + p.string("--mode")));
                }
                return CremaModel.factory(p.string("--preset"), c);
            }
            case "cgdmer":
                throw new Options.UsageException("--model cgdmer: CG-DMER is not available in this build yet "
                        + "(issue 7); use --model crema");
            default:
                throw new Options.UsageException("--model " + model + ": expected crema or cgdmer");
        }
    }
}
