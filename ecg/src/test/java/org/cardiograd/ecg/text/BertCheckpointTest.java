package org.cardiograd.ecg.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.nn.checkpoint.CheckpointException;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.SafeTensors;
import org.cardiograd.tensor.io.SafeTensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layouts and extras of HuggingFace BERT checkpoints, and the reports of what did not fit. */
class BertCheckpointTest {
    static final BertConfig TINY = BertParityTest.TINY;
    static final Tensor IDS = Tensor.fromArray(new float[] {2, 9, 17, 4, 3, 2, 30, 3, 0, 0}, 2, 5);
    static final Tensor MASK = Tensor.fromArray(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, 2, 5);

    @Test
    void savedMaskedLmLoadsBackExactly(@TempDir Path dir) throws Exception {
        BertModel bert = new BertModel(TINY, false, new Rng(1));
        BertMlmHead head = new BertMlmHead(bert, new Rng(2));
        Path file = dir.resolve("mlm.safetensors");
        BertCheckpoint.save(file, bert, head);
        assertTrue(SafeTensors.readAll(file).containsKey("cls.predictions.transform.dense.weight"));
        BertForMaskedLM copy = new BertForMaskedLM(TINY, new Rng(3));
        BertCheckpoint.LoadReport r = BertCheckpoint.load(file, copy.bert(), copy.head(), true);
        assertEquals(List.of(), r.ignored());
        assertArrayEquals(head.forward(bert.forward(IDS, MASK)).value().toArray(),
                copy.forward(IDS, MASK).value().toArray());
        // BertForMaskedLM's own state dict has HuggingFace BertForMaskedLM's names
        assertEquals(SafeTensors.readAll(file).keySet(), copy.stateDict().keySet());
    }

    @Test
    void bertModelCheckpointWithoutPrefixAndWithExtras(@TempDir Path dir) throws Exception {
        BertModel source = new BertModel(TINY, new Rng(1));
        Path file = dir.resolve("bert.safetensors");
        SafeTensorsWriter w = SafeTensors.writer();
        source.stateDict().forEach((k, v) -> w.put(k.replace("LayerNorm.weight", "LayerNorm.gamma")
                .replace("LayerNorm.bias", "LayerNorm.beta"), v));
        w.putLongs("embeddings.position_ids", new int[] {1, 16}, new long[16]).write(file);
        BertModel target = new BertModel(TINY, new Rng(5));
        BertCheckpoint.LoadReport r = BertCheckpoint.load(file, target, null, true);
        assertEquals(List.of("embeddings.position_ids"), r.ignored());
        assertEquals(source.stateDict().size(), r.loaded().size());
        assertArrayEquals(source.pooled(source.forward(IDS, MASK)).value().toArray(),
                target.pooled(target.forward(IDS, MASK)).value().toArray());
    }

    @Test
    void missingAndUnexpectedAreNamedAndStrictLoadsNothing(@TempDir Path dir) throws Exception {
        BertModel source = new BertModel(TINY, new Rng(1));
        Map<String, Tensor> state = new LinkedHashMap<>();
        source.stateDict().forEach((k, v) -> state.put("bert." + k, v));
        state.remove("bert.encoder.layer.1.output.dense.bias");
        state.put("classifier.weight", Tensor.zeros(3, 32));
        Path file = dir.resolve("partial.safetensors");
        SafeTensors.writer().putAll(state).write(file);

        BertModel target = new BertModel(TINY, new Rng(5));
        float[] before = target.wordEmbeddings().value().toArray();
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> BertCheckpoint.load(file, target, null, true));
        assertTrue(e.getMessage().contains("missing [bert.encoder.layer.1.output.dense.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected [classifier.weight]"), e.getMessage());
        assertArrayEquals(before, target.wordEmbeddings().value().toArray(), "a failed load changes nothing");

        BertCheckpoint.LoadReport r = BertCheckpoint.load(file, target, null, false);
        assertEquals(List.of("bert.encoder.layer.1.output.dense.bias"), r.missing());
        assertEquals(List.of("classifier.weight"), r.unexpected());
        assertArrayEquals(source.wordEmbeddings().value().toArray(), target.wordEmbeddings().value().toArray());
    }

    @Test
    void rejectsShapeMismatchUntiedDecoderAndDoubleNames(@TempDir Path dir) throws Exception {
        BertModel source = new BertModel(TINY, false, new Rng(1));
        BertMlmHead head = new BertMlmHead(source, new Rng(2));
        Path file = dir.resolve("bad.safetensors");

        SafeTensorsWriter w = SafeTensors.writer();
        source.stateDict().forEach((k, v) -> w.put("bert." + k, v));
        head.stateDict().forEach((k, v) -> w.put("cls.predictions." + k, v));
        w.put("cls.predictions.decoder.weight", Tensor.zeros(40, 32)).write(file);
        assertProblem(file, true, "'cls.predictions.decoder.weight' differs from the word embeddings");

        Map<String, Tensor> state = new LinkedHashMap<>(source.stateDict());
        state.put("embeddings.position_embeddings.weight", Tensor.zeros(8, 32));
        SafeTensors.writer().putAll(state).write(file);
        assertProblem(file, false, "shape mismatch for 'embeddings.position_embeddings.weight': checkpoint [8, 32],"
                + " module [16, 32]");

        SafeTensors.writer().putAll(source.stateDict()).put("bert.pooler.dense.bias", Tensor.zeros(32))
                .put("bert.embeddings.LayerNorm.bias", Tensor.zeros(32)).write(file);
        assertProblem(file, false, "'bert.embeddings.LayerNorm.bias' and 'embeddings.LayerNorm.bias' both name "
                + "bert.embeddings.LayerNorm.bias");
    }

    private static void assertProblem(Path file, boolean withHead, String expected) {
        BertModel target = new BertModel(TINY, false, new Rng(9));
        BertMlmHead head = withHead ? new BertMlmHead(target, new Rng(10)) : null;
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> BertCheckpoint.load(file, target, head, false));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void configJsonErrorsNameFileAndField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("config.json");
        String base = "\"vocab_size\": 30522, \"hidden_size\": 768, \"num_hidden_layers\": 12, "
                + "\"num_attention_heads\": 12, \"intermediate_size\": 3072, \"max_position_embeddings\": 512";
        java.nio.file.Files.writeString(f, "{" + base + "}");
        assertEquals(BertConfig.base(30522), BertConfig.fromHuggingFaceJson(f));
        assertConfigError(f, "{" + base + ", \"hidden_act\": \"gelu_new\"}",
                ": hidden_act is gelu_new, this BERT supports only \"gelu\"");
        assertConfigError(f, "{" + base.replace("\"hidden_size\": 768, ", "") + "}", ": missing field hidden_size");
        assertConfigError(f, "{" + base + ", \"layer_norm_eps\": \"small\"}", ": layer_norm_eps must be a number");
        assertConfigError(f, "{" + base + ",}", ": not valid JSON");
    }

    private static void assertConfigError(Path f, String json, String expected) throws Exception {
        java.nio.file.Files.writeString(f, json);
        Exception e = assertThrows(java.io.IOException.class, () -> BertConfig.fromHuggingFaceJson(f));
        assertTrue(e.getMessage().startsWith(f + expected), e.getMessage());
    }

    @Test
    void badInputsAreNamed() {
        BertModel bert = new BertModel(TINY, new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bert.forward(Tensor.fromArray(new float[] {2, 40, 3}, 1, 3), null));
        assertTrue(e.getMessage().contains("inputIds element 1 is 40.0, expected an integer in [0, 40)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bert.forward(Tensor.zeros(1, 17), null));
        assertTrue(e.getMessage().contains("17 tokens exceed maxPosition 16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bert.forward(Tensor.zeros(2, 4), Tensor.ones(2, 5)));
        assertTrue(e.getMessage().contains("attentionMask shape [2, 5] differs from inputIds [2, 4]"), e.getMessage());
    }
}
