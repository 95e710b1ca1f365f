package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Path;

import org.cardiograd.tensor.Rng;

/**
 * Where probe and finetune get their encoder: a pretrain checkpoint (--checkpoint, whose saved options define
 * the model) or a fresh random initialization (--random-init, with the model options), the baseline that
 * shows what pretraining adds.
 */
final class EncoderSource {
    /** The model whose encoder is evaluated, and how it was obtained. */
    record Loaded(PretrainableModel model, PretrainableModel.Factory factory, String description, double seconds) {
        /** The data request: at the pretraining's ECG length unless --seconds is given. */
        DataSpec.Request request(Options.Parsed p, long seed) {
            return DataSpec.request(p, factory.samples(), p.has("--seconds") ? p.decimal("--seconds") : seconds, seed);
        }
    }

    private EncoderSource() {}

    static void declare(Options o) {
        o.value("--checkpoint", "RUN|FILE", null, "pretrain run folder (its last checkpoint) or checkpoint file");
        o.flag("--random-init", "use a randomly initialized encoder instead (the baseline)");
        ModelOptions.declare(o);
    }

    static Loaded load(Options.Parsed p, long seed) throws IOException {
        boolean modelOptions = ModelOptions.given(p);
        if (p.has("--checkpoint") == p.has("--random-init")) {
            throw new Options.UsageException("give exactly one of --checkpoint RUN|FILE and --random-init");
        }
        if (p.has("--checkpoint")) {
            if (modelOptions) {
                throw new Options.UsageException("--model, --preset, --mode, --set, --ablate, --text-encoder and "
                        + "--report-tokens apply only with --random-init "
                        + "(a checkpoint brings its own configuration)");
            }
            Path file = RunFolder.checkpointOf(p.string("--checkpoint"), "--checkpoint");
            PretrainCommand.Pretrained pre = PretrainCommand.load(file, "--checkpoint");
            return new Loaded(pre.model(), pre.factory(), "pretrained " + pre.factory().name() + " ("
                    + pre.step() + " steps, " + file + ")", pre.options().decimal("--seconds"));
        }
        PretrainableModel.Factory factory = ModelOptions.factory(p);
        PretrainableModel model = factory.create(new Rng(seed));
        model.module().eval();
        return new Loaded(model, factory, "randomly initialized " + factory.name() + " (seed " + seed + ")",
                p.decimal("--seconds"));
    }
}
