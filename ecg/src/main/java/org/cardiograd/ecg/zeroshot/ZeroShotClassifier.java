package org.cardiograd.ecg.zeroshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.cardiograd.ecg.eval.Auroc;
import org.cardiograd.tensor.Tensor;

/**
 * Zero-shot classification: each class is a direction in the shared embedding space (the embedding of its
 * description, or the mean of its phrasings' unit embeddings), and an ECG scores a class by the cosine
 * similarity of its embedding with that direction. No class is trained; the score's ranking is what AUROC
 * measures, so no threshold or temperature is needed.
 *
 * <pre>{@code
 * var set = CategoryDescriptionSet.load("ptbxl-super");
 * var zs = ZeroShotClassifier.fromDescriptions(set, texts -> model.encodeText(texts));  // [k, d] per call
 * Tensor scores = zs.scores(model.encodeEcg(batch));                                   // [N, C]
 * double auroc = zs.macroAuroc(ecgEmbeddings, labels);
 * }</pre>
 */
public final class ZeroShotClassifier {
    /** Guards the division by the norm of an all-zero embedding. */
    private static final float EPS = 1e-12f;

    private final List<String> classes;
    /** [C, d], unit rows. */
    private final Tensor classDirections;

    private ZeroShotClassifier(List<String> classes, Tensor classDirections) {
        this.classes = List.copyOf(classes);
        this.classDirections = classDirections;
    }

    /** One embedding per class, {@code [C, d]}, rows in the order of {@code classes}. */
    public static ZeroShotClassifier of(List<String> classes, Tensor classEmbeddings) {
        checkMatrix(classEmbeddings, "class embeddings");
        if (classEmbeddings.shape(0) != classes.size()) {
            throw new IllegalArgumentException("class embeddings have " + classEmbeddings.shape(0) + " rows for "
                    + classes.size() + " classes " + classes);
        }
        return new ZeroShotClassifier(classes, classEmbeddings.l2Normalize(1, EPS));
    }

    /**
     * A prompt ensemble per class: {@code prompts.get(c)} is {@code [k_c, d]}, the embeddings of class c's
     * phrasings. Each is scaled to unit length, the class direction is their mean scaled to unit length (as CLIP
     * averages its prompt templates), so no phrasing outweighs another by its norm.
     */
    public static ZeroShotClassifier ofEnsembles(List<String> classes, List<Tensor> prompts) {
        if (prompts.size() != classes.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompt ensembles for " + classes.size()
                    + " classes " + classes);
        }
        Tensor[] means = new Tensor[prompts.size()];
        for (int c = 0; c < prompts.size(); c++) {
            Tensor p = prompts.get(c);
            checkMatrix(p, "prompt embeddings of class " + classes.get(c));
            if (p.shape(1) != prompts.get(0).shape(1)) {
                throw new IllegalArgumentException("prompt embeddings of class " + classes.get(c) + " have width "
                        + p.shape(1) + ", class " + classes.get(0) + " has " + prompts.get(0).shape(1));
            }
            means[c] = p.l2Normalize(1, EPS).mean(0, true);
        }
        return of(classes, Tensor.cat(0, means));
    }

    /**
     * Embeds every phrasing of every class of {@code set} with {@code textEncoder} (a list of texts in, their
     * embeddings {@code [texts, d]} out) and builds the prompt ensembles.
     */
    public static ZeroShotClassifier fromDescriptions(CategoryDescriptionSet set,
                                                      Function<List<String>, Tensor> textEncoder) {
        List<Tensor> prompts = new ArrayList<>();
        for (CategoryDescriptionSet.Category category : set.categories()) {
            Tensor embedded = textEncoder.apply(category.descriptions());
            if (embedded.rank() != 2 || embedded.shape(0) != category.descriptions().size()) {
                throw new IllegalArgumentException("the text encoder returned " + Arrays.toString(embedded.shape())
                        + " for the " + category.descriptions().size() + " phrasings of " + category.code()
                        + "; expected [" + category.descriptions().size() + ", d]");
            }
            prompts.add(embedded);
        }
        return ofEnsembles(set.codes(), prompts);
    }

    public List<String> classes() {
        return classes;
    }

    /** The unit class directions, {@code [C, d]}. */
    public Tensor classDirections() {
        return classDirections;
    }

    /** Cosine similarity of every ECG embedding ({@code [N, d]}) with every class: {@code [N, C]}. */
    public Tensor scores(Tensor ecgEmbeddings) {
        checkMatrix(ecgEmbeddings, "ECG embeddings");
        if (ecgEmbeddings.shape(1) != classDirections.shape(1)) {
            throw new IllegalArgumentException("ECG embeddings have width " + ecgEmbeddings.shape(1)
                    + ", the class embeddings " + classDirections.shape(1));
        }
        return ecgEmbeddings.l2Normalize(1, EPS).matmul(classDirections.mT());
    }

    /** {@link #scores} as rows, the form {@link Auroc} takes. */
    public float[][] scoreRows(Tensor ecgEmbeddings) {
        Tensor s = scores(ecgEmbeddings).contiguous();
        float[] flat = s.toArray();
        int n = s.shape(0);
        int c = s.shape(1);
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = Arrays.copyOfRange(flat, i * c, (i + 1) * c);
        }
        return rows;
    }

    /** Per-class AUROC of the scores against multi-hot labels {@code [N][C]} (NaN where a class is constant). */
    public double[] perClassAuroc(Tensor ecgEmbeddings, float[][] labels) {
        return Auroc.perClass(scoresFor(ecgEmbeddings, labels), labels);
    }

    /** Macro AUROC: the mean over the classes that have both positives and negatives. */
    public double macroAuroc(Tensor ecgEmbeddings, float[][] labels) {
        return Auroc.macro(scoresFor(ecgEmbeddings, labels), labels);
    }

    private float[][] scoresFor(Tensor ecgEmbeddings, float[][] labels) {
        float[][] scores = scoreRows(ecgEmbeddings);
        if (labels.length != scores.length) {
            throw new IllegalArgumentException(labels.length + " label rows for " + scores.length + " ECGs");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].length != classes.size()) {
                throw new IllegalArgumentException("label row " + i + " has " + labels[i].length
                        + " entries, expected " + classes.size() + " (one per class " + classes + ")");
            }
        }
        return scores;
    }

    private static void checkMatrix(Tensor t, String what) {
        if (t.rank() != 2 || t.shape(0) == 0 || t.shape(1) == 0) {
            throw new IllegalArgumentException(what + " have shape " + Arrays.toString(t.shape())
                    + "; expected a non-empty [rows, width] matrix");
        }
    }
}
