package org.cardiograd.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.cardiograd.ecg.cgdmer.CgDmerConfig;
import org.cardiograd.ecg.text.PretrainedBert;
import org.cardiograd.ecg.zeroshot.CategoryDescriptionSet;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CG-DMER through the launcher: pretrain -> resume -> probe -> zeroshot on a few synthetic pairs, tiny model. */
class CgDmerEndToEndTest {
    static final String[] TINY = {"--model", "cgdmer", "--set", "ecg.width=16", "--set", "ecg.heads=2", "--set",
        "ecg.depth=1", "--set", "decoderWidth=16", "--set", "decoderHeads=2", "--set", "text.width=16", "--set",
        "text.heads=2", "--set", "text.depth=1", "--set", "intermediate=32", "--set", "vocabSize=400", "--set",
        "maxTokens=32", "--set", "embedDim=8", "--threads", "2"};

    @Test
    void pretrainResumeProbeZeroshot(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("pre");
        assertEquals(0, Main.run(EndToEndTest.args(TINY, "pretrain", "--records", "48", "--test-records", "8",
                "--steps", "6", "--batch", "8", "--checkpoint-every", "2", "--out", run.toString())));
        for (String f : List.of("config.json", "metrics.csv", "loss.png", "reconstruction.png", "vocab.txt",
                "checkpoints/step-000002.safetensors", "checkpoints/step-000006.safetensors")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        List<String> straight = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals("step,loss,ecg_reconstruction,contrastive,text_mlm,orthogonality,siglip,lr", straight.get(0));
        assertEquals(7, straight.size());
        for (String row : straight.subList(1, 7)) { // every term of the full objective is on and logged
            for (String v : row.split(",")) {
                assertTrue(Float.parseFloat(v) > 0f && Float.isFinite(Float.parseFloat(v)), row);
            }
        }
        Map<String, String> straightState = EndToEndTest.state(run.resolve("checkpoints/step-000006.safetensors"));

        // resuming from step 2 reads the saved vocab.txt and redoes steps 3..6 bit for bit
        assertEquals(0, Main.run(new String[] {"pretrain", "--resume",
            run.resolve("checkpoints/step-000002.safetensors").toString()}));
        assertEquals(straight, Files.readAllLines(run.resolve("metrics.csv")));
        assertEquals(straightState, EndToEndTest.state(run.resolve("checkpoints/step-000006.safetensors")));

        for (String features : List.of("encoder", "shared")) {
            Path probe = dir.resolve("probe-" + features);
            assertEquals(0, Main.run(new String[] {"probe", "--checkpoint", run.toString(), "--features", features,
                "--records", "48", "--test-records", "40", "--fractions", "1", "--bootstrap", "20", "--threads", "2",
                "--out", probe.toString()}));
            String md = Files.readString(probe.resolve("results.md"));
            assertTrue(md.contains("| LP 100% |") && md.contains("| macro |"), md);
            assertTrue(md.contains(features.equals("shared") ? "shared ECG embedding" : "ECG encoder output"), md);
        }

        Path zs = dir.resolve("zs");
        assertEquals(0, Main.run(new String[] {"zeroshot", "--checkpoint", run.toString(), "--labels", "synthetic",
            "--records", "8", "--test-records", "40", "--bootstrap", "20", "--tsne-points", "40", "--threads", "2",
            "--out", zs.toString()}));
        assertTrue(Files.isRegularFile(zs.resolve("tsne.png")));
        assertTrue(Files.readString(zs.resolve("results.md")).contains("| **macro** |"));
        checkAgainstDirectZeroShot(run, zs);
    }

    /** The command's AUROCs and positives equal a zero-shot evaluation computed here from the checkpoint. */
    private static void checkAgainstDirectZeroShot(Path run, Path zs) throws Exception {
        PretrainCommand.Pretrained pre = PretrainCommand.load(RunFolder.checkpointOf(run.toString(), "x"), "x");
        CgDmerModel model = (CgDmerModel) pre.model();
        EcgArrays test = DataSpec.parse("synthetic").load(new DataSpec.Request(pre.factory().samples(), 10, 8, 40,
                0.2, 42)).test();
        CategoryDescriptionSet set = CategoryDescriptionSet.load("synthetic");
        ZeroshotCommand.Evaluation e = ZeroshotCommand.evaluate(model, set, test, 20, 42, null);
        List<String> csv = Files.readAllLines(zs.resolve(ZeroshotCommand.CSV));
        assertEquals(set.size() + 2, csv.size()); // header, classes, macro
        for (int c = 0; c < set.size(); c++) {
            int positives = 0;
            for (int i = 0; i < test.size(); i++) {
                positives += test.recordLabels().get(i).contains(set.codes().get(c)) ? 1 : 0;
            }
            assertTrue(csv.get(c + 1).startsWith(String.format(Locale.ROOT, "%s,%d,%.6f,", set.codes().get(c),
                    positives, e.result().perClass()[c])), csv.get(c + 1));
        }
        assertTrue(csv.get(set.size() + 1).startsWith(String.format(Locale.ROOT, "macro,,%.6f,",
                e.result().macro())), csv.get(set.size() + 1));
        assertFalse(Double.isNaN(e.result().macro()));
    }

    @Test
    void overridesAndAblationsReachTheConfig() {
        Options.Parsed p = PretrainCommand.options().parse(new String[] {"--model", "cgdmer", "--set",
            "maskRatio=0.6", "--set", "text.width=32", "--set", "objective.lambda2=0.5", "--set", "embedDim=24",
            "--ablate", "no-disentangle,lead-agnostic"});
        Map<String, Object> c = ModelOptions.factory(p).config();
        @SuppressWarnings("unchecked")
        Map<String, Object> ecg = (Map<String, Object>) c.get("ecg");
        @SuppressWarnings("unchecked")
        Map<String, Object> objective = (Map<String, Object>) c.get("objective");
        @SuppressWarnings("unchecked")
        Map<String, Object> text = (Map<String, Object>) c.get("text");
        assertEquals(0.6f, ecg.get("maskRatio"));
        assertEquals("LEAD_AGNOSTIC", ecg.get("tokenization"));
        assertEquals(32, text.get("width"));
        assertEquals(0.5f, objective.get("lambda2"));
        assertEquals(false, objective.get("disentangle"));
        assertEquals(false, objective.get("orthogonality")); // no disentanglement, nothing to keep orthogonal
        assertEquals(24, c.get("embedDim"));

        for (String[] bad : List.of(new String[] {"--set", "heads=2"}, new String[] {"--set", "foo=1"},
                new String[] {"--ablate", "no-such"}, new String[] {"--mode", "GL"},
                new String[] {"--ablate", "no-ecg-reconstruction,no-text-mlm,no-siglip,no-contrastive,"
                        + "no-orthogonality"})) {
            String[] args = EndToEndTest.args(bad, "--model", "cgdmer");
            Options.UsageException e = assertThrows(Options.UsageException.class,
                    () -> ModelOptions.factory(PretrainCommand.options().parse(args)));
            assertTrue(e.getMessage().contains(bad[0]) || e.getMessage().contains("--set"), e.getMessage());
        }
    }

    /** --text-encoder: a HuggingFace folder's BERT becomes the report encoder, its vocab.txt the tokenizer. */
    @Test
    void huggingFaceTextEncoder(@TempDir Path dir) throws Exception {
        Path hf = dir.resolve("tiny-bert");
        Files.createDirectories(hf);
        Path fixtures = Path.of("../ecg/src/test/resources/text");
        Files.copy(fixtures.resolve("tiny_bert_config.json"), hf.resolve("config.json"));
        Files.copy(fixtures.resolve("vocab_small.txt"), hf.resolve("vocab.txt"));
        Files.copy(fixtures.resolve("tiny_bert.safetensors"), hf.resolve("model.safetensors"));

        Options.Parsed p = PretrainCommand.options().parse(new String[] {"--model", "cgdmer", "--text-encoder",
            hf.toString(), "--set", "ecg.width=16", "--set", "ecg.heads=2", "--set", "ecg.depth=1"});
        PretrainableModel.Factory f = ModelOptions.factory(p);
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        f.prepare(null, run);
        CgDmerModel m = (CgDmerModel) f.create(new Rng(1));
        Map<String, Tensor> reference = PretrainedBert.load(hf, false, new Rng(0)).bert().stateDict();
        Map<String, Tensor> loaded = m.cgdmer().textEncoder().stateDict();
        assertEquals(reference.keySet().stream().filter(k -> !k.startsWith("pooler.")).toList(),
                List.copyOf(loaded.keySet()));
        loaded.forEach((k, v) -> assertEquals(java.util.Arrays.toString(reference.get(k).toArray()),
                java.util.Arrays.toString(v.toArray()), k));
        assertEquals(Files.readAllLines(hf.resolve("vocab.txt")), Files.readAllLines(run.resolve("vocab.txt")));
        CgDmerConfig.Text t = ((CgDmerModel) f.create(new Rng(2))).cgdmer().config().text();
        assertEquals(List.of(40, 32, 2, 4, 64, 16), List.of(t.vocabSize(), t.width(), t.depth(), t.heads(),
                t.intermediate(), t.maxTokens()));

        String[] textSet = {"--model", "cgdmer", "--text-encoder", hf.toString(), "--set", "text.width=64"};
        assertThrows(Options.UsageException.class, () -> ModelOptions.factory(PretrainCommand.options()
                .parse(textSet)));
    }
}
