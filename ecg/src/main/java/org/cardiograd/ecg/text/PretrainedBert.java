package org.cardiograd.ecg.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.io.SafeTensors;
import org.cardiograd.tensor.io.SafeTensorsFile;

/**
 * A HuggingFace BERT folder as downloaded (e.g. a clinical BERT): {@code config.json}, {@code vocab.txt},
 * {@code model.safetensors} and optionally {@code tokenizer_config.json} (its {@code do_lower_case}, true when
 * absent as in HuggingFace's BertTokenizer). The encoder gets a pooler when the checkpoint has one.
 *
 * @param tokenizer the vocabulary's tokenizer
 * @param bert      the encoder with the checkpoint's weights
 * @param head      the MLM head with the checkpoint's weights, or null when not asked for
 * @param report    what the load took and skipped
 */
public record PretrainedBert(WordPieceTokenizer tokenizer, BertModel bert, BertMlmHead head,
                             BertCheckpoint.LoadReport report) {

    /**
     * Loads the folder strictly (every weight of the encoder, and of the MLM head if {@code withMlmHead}, must be
     * in the checkpoint). {@code rng} only seeds the dropout masks.
     */
    public static PretrainedBert load(Path folder, boolean withMlmHead, Rng rng) throws IOException {
        BertConfig config = BertConfig.fromHuggingFaceJson(folder.resolve("config.json"));
        WordPieceTokenizer tokenizer = WordPieceTokenizer.fromVocabFile(folder.resolve("vocab.txt"),
                lowerCase(folder.resolve("tokenizer_config.json")));
        if (tokenizer.vocabSize() > config.vocabSize()) {
            throw new IOException(folder.resolve("vocab.txt") + ": " + tokenizer.vocabSize()
                    + " tokens, more than the model's vocab_size " + config.vocabSize());
        }
        Path weights = folder.resolve("model.safetensors");
        boolean pooler;
        try (SafeTensorsFile f = SafeTensors.read(weights)) {
            pooler = f.contains("pooler.dense.weight") || f.contains("bert.pooler.dense.weight");
        }
        BertModel bert = new BertModel(config, pooler, rng);
        BertMlmHead head = withMlmHead ? new BertMlmHead(bert, rng) : null;
        BertCheckpoint.LoadReport report = BertCheckpoint.load(weights, bert, head, true);
        return new PretrainedBert(tokenizer, bert, head, report);
    }

    private static boolean lowerCase(Path tokenizerConfig) throws IOException {
        if (!Files.exists(tokenizerConfig)) {
            return true;
        }
        Object v = BertConfigJson.object(tokenizerConfig).get("do_lower_case");
        if (v != null && !(v instanceof Boolean)) {
            throw new IOException(tokenizerConfig + ": do_lower_case must be true or false, got " + v);
        }
        return v == null || (Boolean) v;
    }
}
