package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * A self-supervised ECG model as the pretrain, probe and finetune commands see it. A new model (CG-DMER) plugs
 * in by implementing this and its {@link Factory}, and registering the factory in {@link ModelOptions}.
 */
interface PretrainableModel {
    /** Builds a model from its resolved configuration. */
    interface Factory {
        /** The model name of the --model option. */
        String name();

        /** Samples per lead the model takes (the data are preprocessed to this length). */
        int samples();

        /** The full resolved configuration, for config.json. */
        Map<String, Object> config();

        PretrainableModel create(Rng rng);

        /**
         * Gets ready before {@link #create}: a model that reads reports (CG-DMER) finds or trains its tokenizer
         * here. {@code train} is the training set (null when a saved model is loaded), {@code run} the run folder
         * whose files (vocab.txt) it reads or writes.
         */
        default void prepare(EcgArrays train, Path run) throws IOException {}
    }

    /**
     * One pretraining batch: two augmented views [B, leads, samples] of the same ECGs (view2 == view1 when the
     * model wants one view), their reports (entries may be null), their positions in the training set, and
     * [B] group ids for patient-level positives (equal id = same patient), or null when the data have none.
     */
    record Batch(Tensor view1, Tensor view2, List<String> reports, int[] records, Tensor groups) {}

    /**
     * The pretraining objective of one batch: total to backpropagate, and for logging values = [total, then the
     * parts in the order of {@link #lossParts()}] kept on the device, read once after the step.
     */
    record Objective(Variable total, Tensor values) {}

    /** Everything trained and checkpointed. */
    Module module();

    Encoder encoder();

    /** Names of the loss parts, in the order of {@link Objective#values()} (after the total). */
    List<String> lossParts();

    /** Whether the objective compares two augmented views (otherwise view2 is ignored). */
    boolean twoViews();

    Objective loss(Batch batch, Rng maskRng);

    /**
     * Runs after every optimizer step, on the parameters' device: e.g. CG-DMER clamps its learnable InfoNCE
     * temperature there, as CLIP does.
     */
    default void afterOptimizerStep() {}

    /** Whether the objective reads each ECG's report (then every training record must have one). */
    default boolean needsReports() {
        return false;
    }

    /** Pictures of what the model learned (e.g. a reconstruction), written into the run folder. */
    void saveFigures(EcgArrays test, long seed, Path run) throws IOException;
}
