package org.cardiograd.ecg.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cardiograd.autograd.Variable;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.cardiograd.tensor.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny BERT written by ecg/src/test/python/make_tiny_bert.py under HuggingFace BertForPreTraining's names
 * (plain PyTorch with HuggingFace's math) loads through {@link BertCheckpoint} and gives the same last hidden
 * state, pooled output, MLM logits and loss, and the same gradient for every parameter. Tolerance: max |ours -
 * torch| &lt;= 1e-4 x max(max |torch|, 0.01) per tensor (float32 rounding through a few layers is about 1e-6 of a
 * tensor's scale; elementwise relative error means nothing for entries near zero).
 */
class BertParityTest {
    static final BertConfig TINY = new BertConfig(40, 32, 2, 4, 64, 16, 2, 1e-12f, 0f);

    static Path resource(String name) throws Exception {
        return Path.of(BertParityTest.class.getResource("/text/" + name).toURI());
    }

    @Test
    void loadsHuggingFaceNamesAndMatchesPyTorch() throws Exception {
        Map<String, Tensor> io = SafeTensors.readAll(resource("tiny_bert_io.safetensors"));
        assertEquals(TINY, BertConfig.fromHuggingFaceJson(resource("tiny_bert_config.json")));
        BertModel bert = new BertModel(TINY, new Rng(1));
        BertMlmHead head = new BertMlmHead(bert, new Rng(2));
        BertCheckpoint.LoadReport report = BertCheckpoint.load(resource("tiny_bert.safetensors"), bert, head, true);
        assertEquals(List.of(), report.missing());
        assertEquals(List.of(), report.unexpected());
        assertEquals(List.of("cls.predictions.decoder.bias", "cls.predictions.decoder.weight",
                "cls.seq_relationship.bias", "cls.seq_relationship.weight"), report.ignored());
        assertEquals(bert.stateDict().size() + head.stateDict().size(), report.loaded().size());

        Tensor ids = io.get("input_ids");
        Tensor mask = io.get("attention_mask");
        Variable hidden = bert.forward(ids, mask);
        assertClose("last_hidden", io.get("last_hidden"), hidden.value());
        assertClose("last_hidden_tt", io.get("last_hidden_tt"), bert.forward(ids, io.get("token_type_ids"), mask).value());
        Variable pooled = bert.pooled(hidden);
        assertClose("pooled", io.get("pooled"), pooled.value());
        Variable logits = head.forward(hidden);
        assertClose("logits", io.get("logits"), logits.value());

        Variable mlm = MlmMasking.loss(logits, io.get("labels"));
        float expectedMlm = io.get("mlm_loss").item();
        assertEquals(expectedMlm, mlm.item(), 1e-4 * Math.abs(expectedMlm));
        Variable total = mlm.add(pooled.mul(Variable.constant(io.get("pooled_probe"))).sum());
        float expectedTotal = io.get("total_loss").item();
        assertEquals(expectedTotal, total.item(), 1e-4 * Math.abs(expectedTotal));
        total.backward();
        List<String> checked = new ArrayList<>();
        bert.namedParameters().forEach((name, p) -> {
            assertClose("grad.bert." + name, io.get("grad.bert." + name), p.grad());
            checked.add(name);
        });
        head.namedParameters().forEach((name, p) ->
                assertClose("grad.cls.predictions." + name, io.get("grad.cls.predictions." + name), p.grad()));
        assertEquals(bert.namedParameters().size(), checked.size());
    }

    @Test
    void loadsAHuggingFaceFolder(@TempDir Path dir) throws Exception {
        Files.copy(resource("tiny_bert_config.json"), dir.resolve("config.json"));
        Files.copy(resource("vocab_small.txt"), dir.resolve("vocab.txt"));
        Files.copy(resource("tiny_bert.safetensors"), dir.resolve("model.safetensors"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": false, \"model_max_length\": 16}");
        PretrainedBert p = PretrainedBert.load(dir, true, new Rng(3));
        assertFalse(p.tokenizer().lowerCase());
        assertEquals(TINY, p.bert().config());
        assertTrue(p.bert().hasPooler());
        assertEquals(4, p.report().ignored().size());
        Map<String, Tensor> io = SafeTensors.readAll(resource("tiny_bert_io.safetensors"));
        Variable hidden = p.bert().forward(io.get("input_ids"), io.get("attention_mask"));
        assertClose("folder last_hidden", io.get("last_hidden"), hidden.value());
        assertClose("folder logits", io.get("logits"), p.head().forward(hidden).value());
    }

    @Test
    void lossAtSelectedPositionsEqualsTheFullLoss() throws Exception {
        Map<String, Tensor> io = SafeTensors.readAll(resource("tiny_bert_io.safetensors"));
        BertModel bert = new BertModel(TINY, false, new Rng(1));
        BertMlmHead head = new BertMlmHead(bert, new Rng(2));
        BertCheckpoint.LoadReport report = BertCheckpoint.load(resource("tiny_bert.safetensors"), bert, head, true);
        assertTrue(report.ignored().contains("bert.pooler.dense.weight"), report.ignored().toString());
        float[] labels = io.get("labels").toArray();
        List<Float> positions = new ArrayList<>();
        List<Float> targets = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= 0) {
                positions.add((float) i);
                targets.add(labels[i]);
            }
        }
        Variable hidden = bert.forward(io.get("input_ids"), io.get("attention_mask"));
        MlmMasking.Masked batch = new MlmMasking.Masked(io.get("input_ids"), io.get("labels"), floats(positions),
                floats(targets));
        Variable loss = head.loss(hidden, batch);
        float expected = io.get("mlm_loss").item();
        assertEquals(expected, loss.item(), 1e-4 * Math.abs(expected));
    }

    static Tensor floats(List<Float> values) {
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return Tensor.fromArray(a, a.length);
    }

    static void assertClose(String what, Tensor expected, Tensor actual) {
        assertTrue(expected != null, what + " missing from the fixture");
        assertTrue(expected.sameShape(actual), what + ": shapes differ");
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        float scale = 0.01f;
        float worst = 0f;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            worst = Math.max(worst, Math.abs(e[i] - a[i]));
        }
        assertTrue(worst <= 1e-4f * scale, what + ": max |torch - cardiograd| " + worst + " exceeds 1e-4 x " + scale);
    }
}
