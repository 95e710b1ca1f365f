package org.cardiograd.ecg.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.cardiograd.nn.checkpoint.CheckpointException;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.SafeTensors;
import org.cardiograd.tensor.io.SafeTensorsFile;

/**
 * Loads HuggingFace BERT weights from safetensors into a {@link BertModel} and, optionally, its
 * {@link BertMlmHead}. Accepted layouts: a BertModel checkpoint ({@code embeddings.*}, {@code encoder.*},
 * {@code pooler.*}) and the {@code bert.}-prefixed checkpoints of BertForMaskedLM and BertForPreTraining
 * ({@code bert.*}, {@code cls.predictions.*}). F16 and BF16 weights are widened to float32.
 *
 * <p>Known extras are skipped and listed as ignored: the {@code position_ids} buffer, the next-sentence head
 * {@code cls.seq_relationship.*}, the pooler when the model has none, the MLM head when none is loaded, and the
 * tied decoder entries {@code cls.predictions.decoder.weight} / {@code .bias}, which must equal the word
 * embeddings and {@code cls.predictions.bias} (an untied decoder is an error). Old TensorFlow-converted names
 * {@code LayerNorm.gamma} / {@code .beta} are read as {@code .weight} / {@code .bias}. Anything else is
 * unexpected. Everything is checked before anything is written; a failed load leaves the model unchanged.
 */
public final class BertCheckpoint {
    private static final String BERT = "bert.";
    private static final String HEAD = "cls.predictions.";
    private static final String DECODER_WEIGHT = HEAD + "decoder.weight";
    private static final String DECODER_BIAS = HEAD + "decoder.bias";

    private BertCheckpoint() {}

    /**
     * What a load did, by checkpoint name (missing: by the model's name, {@code bert.} for the encoder and
     * {@code cls.predictions.} for the head).
     */
    public record LoadReport(List<String> loaded, List<String> ignored, List<String> missing, List<String> unexpected) {
    }

    /**
     * Loads {@code file} into the encoder and, if head is not null, the MLM head. With {@code strict}, missing
     * or unexpected weights are errors (a {@link CheckpointException} naming them all); otherwise they are
     * reported and the missing ones keep their current values. Shape mismatches are always errors.
     */
    public static LoadReport load(Path file, BertModel bert, BertMlmHead head, boolean strict) throws IOException {
        Map<String, Tensor> encoderState = new LinkedHashMap<>();
        Map<String, Tensor> headState = new LinkedHashMap<>();
        List<String> loaded = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, String> sourceOf = new LinkedHashMap<>();
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            for (String name : f.names()) {
                String local = renameTensorFlowNorm(name);
                if (local.endsWith("position_ids") || local.startsWith("cls.seq_relationship.")
                        || local.equals(DECODER_WEIGHT) || local.equals(DECODER_BIAS)) {
                    ignored.add(name);
                    continue;
                }
                Map<String, Tensor> target;
                if (local.startsWith(HEAD)) {
                    if (head == null) {
                        ignored.add(name);
                        continue;
                    }
                    target = headState;
                    local = local.substring(HEAD.length());
                } else {
                    target = encoderState;
                    local = local.startsWith(BERT) ? local.substring(BERT.length()) : local;
                    if (local.startsWith("pooler.") && !bert.hasPooler()) {
                        ignored.add(name);
                        continue;
                    }
                }
                String owner = (target == headState ? HEAD : BERT) + local;
                String before = sourceOf.put(owner, name);
                if (before != null) {
                    problems.add("'" + before + "' and '" + name + "' both name " + owner);
                    continue;
                }
                target.put(local, f.tensor(name));
                loaded.add(name);
            }
            checkTiedDecoder(f, bert, head, encoderState, headState, problems);
        }
        List<String> missing = new ArrayList<>();
        sortOut(bert.stateDict().keySet(), encoderState, BERT, missing, unexpected);
        if (head != null) {
            sortOut(head.stateDict().keySet(), headState, HEAD, missing, unexpected);
        }
        unexpected.replaceAll(sourceOf::get);
        loaded.removeAll(unexpected);
        if (strict && !missing.isEmpty()) {
            problems.add("missing " + missing);
        }
        if (strict && !unexpected.isEmpty()) {
            problems.add("unexpected " + unexpected);
        }
        bert.checkStateDict(encoderState, false).forEach(p -> problems.add("encoder: " + p));
        if (head != null) {
            head.checkStateDict(headState, false).forEach(p -> problems.add("MLM head: " + p));
        }
        if (!problems.isEmpty()) {
            throw new CheckpointException(file.toString(), problems);
        }
        bert.loadStateDict(encoderState, false);
        if (head != null) {
            head.loadStateDict(headState, false);
        }
        return new LoadReport(loaded, ignored, missing, unexpected);
    }

    /** Moves keys the module does not have out of state (into unexpected, with prefix) and lists missing ones. */
    private static void sortOut(Iterable<String> own, Map<String, Tensor> state, String prefix, List<String> missing,
                                List<String> unexpected) {
        TreeSet<String> ownKeys = new TreeSet<>();
        own.forEach(ownKeys::add);
        for (String k : ownKeys) {
            if (!state.containsKey(k)) {
                missing.add(prefix + k);
            }
        }
        for (String k : new ArrayList<>(state.keySet())) {
            if (!ownKeys.contains(k)) {
                unexpected.add(prefix + k);
                state.remove(k);
            }
        }
    }

    /** The decoder of BERT's MLM head is the word-embedding table; a checkpoint that stores it must agree. */
    private static void checkTiedDecoder(SafeTensorsFile f, BertModel bert, BertMlmHead head,
                                         Map<String, Tensor> encoderState, Map<String, Tensor> headState,
                                         List<String> problems) throws IOException {
        if (f.contains(DECODER_WEIGHT)) {
            Tensor words = encoderState.get("embeddings.word_embeddings.weight");
            if (words != null && !sameValues(f.tensor(DECODER_WEIGHT), words)) {
                problems.add("'" + DECODER_WEIGHT + "' differs from the word embeddings; BertMlmHead ties them"
                        + " and cannot load an untied decoder");
            }
        }
        if (f.contains(DECODER_BIAS) && head != null) {
            Tensor bias = headState.get("bias");
            if (bias != null && !sameValues(f.tensor(DECODER_BIAS), bias)) {
                problems.add("'" + DECODER_BIAS + "' differs from '" + HEAD + "bias'; they are one parameter");
            }
        }
    }

    private static boolean sameValues(Tensor a, Tensor b) {
        return a.sameShape(b) && Arrays.equals(a.toArray(), b.toArray());
    }

    private static String renameTensorFlowNorm(String name) {
        if (name.endsWith("LayerNorm.gamma")) {
            return name.substring(0, name.length() - "gamma".length()) + "weight";
        }
        if (name.endsWith("LayerNorm.beta")) {
            return name.substring(0, name.length() - "beta".length()) + "bias";
        }
        return name;
    }

    /**
     * Saves encoder and head (may be null) as HuggingFace BertForMaskedLM names ({@code bert.*},
     * {@code cls.predictions.*}; the tied decoder is not stored, as HuggingFace's safetensors files do).
     */
    public static void save(Path file, BertModel bert, BertMlmHead head) throws IOException {
        LinkedHashMap<String, Tensor> all = new LinkedHashMap<>();
        bert.stateDict().forEach((k, v) -> all.put(BERT + k, v));
        if (head != null) {
            head.stateDict().forEach((k, v) -> all.put(HEAD + k, v));
        }
        SafeTensors.writer().putAll(all).metadata("format", "pt").write(file);
    }
}
