package org.cardiograd.ecg.cgdmer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.ecg.crema.TokenMasking;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CgDmerTest {
    private static final CgDmerConfig TINY = CgDmerParityTest.TINY;

    /** A random batch: ECGs and reports of varying length ([CLS] first, ordinary ids >= 5, padding 0). */
    record Batch(Tensor ecg, Tensor ids, Tensor mask) {
        static Batch random(CgDmerConfig c, int b, long seed) {
            Rng rng = new Rng(seed);
            int t = c.text().maxTokens();
            float[] ids = new float[b * t];
            float[] mask = new float[b * t];
            for (int i = 0; i < b; i++) {
                int length = t / 2 + rng.nextInt(t / 2 + 1);
                for (int j = 0; j < length; j++) {
                    ids[i * t + j] = j == 0 ? 2 : 5 + rng.nextInt(c.text().vocabSize() - 5);
                    mask[i * t + j] = 1f;
                }
            }
            return new Batch(Tensor.randn(rng, b, c.ecg().leads(), c.ecg().samples()), Tensor.fromArray(ids, b, t),
                    Tensor.fromArray(mask, b, t));
        }
    }

    @Test
    void shapesOfEveryOutput() {
        CgDmer model = new CgDmer(TINY, new Rng(1));
        Batch x = Batch.random(TINY, 3, 2);
        CgDmerConfig.Ecg e = TINY.ecg();
        TokenMasking m = model.gridMasking().sample(Backends.current(), new Rng(3), 3);
        assertEquals(96, e.tokens());
        assertEquals(24, model.gridMasking().visibleTokens());
        Variable latent = model.ecgEncoder().encode(x.ecg(), m.keepIndex());
        assertArrayEquals(new int[] {3, 1 + 12 + 24, 32}, latent.shape());
        assertArrayEquals(new int[] {3, 1 + 12 + 96, 32}, model.ecgEncoder().encode(x.ecg(), null).shape());
        assertArrayEquals(new int[] {3, 32}, model.ecgRepresentation(x.ecg()).shape());
        assertArrayEquals(new int[] {3, 16}, model.encodeEcg(x.ecg()).shape());
        assertArrayEquals(new int[] {3, 16}, model.encodeText(x.ids(), x.mask()).shape());
        assertArrayEquals(new int[] {3, 12, 200}, model.reconstruct(x.ecg(), new Rng(4)).predicted().shape());
        assertThrows(IllegalArgumentException.class, () -> model.encodeEcg(Tensor.zeros(3, 12, 200)));
    }

    @Test
    void tokensAreOneLeadsPatchOrAllLeadsWindowAndUnpatchifyInverts() {
        Tensor ecg = Tensor.randn(new Rng(5), 2, 12, 210);
        EcgTokens perLead = new EcgTokens(TINY.ecg());
        Tensor p = perLead.patchify(ecg);
        assertArrayEquals(new int[] {2, 96, 25}, p.shape());
        assertEquals(ecg.get(1, 3, 2 * 25 + 7), p.get(1, 3 * 8 + 2, 7)); // token lead * 8 + t
        assertArrayEquals(ecg.narrow(2, 0, 200).contiguous().toArray(), perLead.unpatchify(p).toArray(), 0f);
        CgDmerConfig.Ecg agnostic = TINY.ecg().withTokenization(CgDmerConfig.Tokenization.LEAD_AGNOSTIC);
        EcgTokens window = new EcgTokens(agnostic);
        Tensor w = window.patchify(ecg);
        assertArrayEquals(new int[] {2, 8, 12 * 25}, w.shape());
        assertEquals(ecg.get(0, 5, 3 * 25 + 4), w.get(0, 3, 5 * 25 + 4));
        assertArrayEquals(ecg.narrow(2, 0, 200).contiguous().toArray(), window.unpatchify(w).toArray(), 0f);
    }

    @Test
    void maskingKeepsTheSameCountHidesWholeLeadsAndRestoreInvertsTheShuffle() {
        CgDmerConfig.Ecg e = TINY.ecg();
        TokenMasking m = new GridMasking(e).sample(Backends.current(), new Rng(6), 5);
        float[] keep = m.keepIndex().toArray();
        float[] restore = m.restoreIndex().toArray();
        float[] hidden = m.mask().toArray();
        int n = e.tokens();
        int k = 24;
        for (int b = 0; b < 5; b++) {
            int hiddenCount = 0;
            int wholeLeads = 0;
            for (int t = 0; t < n; t++) {
                hiddenCount += (int) hidden[b * n + t];
                assertEquals(restore[b * n + t] >= k ? 1f : 0f, hidden[b * n + t], "mask = rank >= visible");
            }
            for (int lead = 0; lead < 12; lead++) {
                boolean all = true;
                for (int t = 0; t < 8; t++) {
                    all &= hidden[b * n + lead * 8 + t] == 1f;
                }
                wholeLeads += all ? 1 : 0;
            }
            assertEquals(n - k, hiddenCount);
            assertTrue(wholeLeads >= 3, "3 of 12 leads hidden entirely, got " + wholeLeads);
            for (int j = 0; j < k; j++) {
                int token = (int) keep[b * k + j];
                assertEquals(0f, hidden[b * n + token], "a kept token is hidden");
                assertEquals(j, (int) restore[b * n + token], "restore does not invert the shuffle");
            }
        }
        // lead-agnostic masking over the 8 windows: random cells only (no whole-lead part), same ratio
        CgDmerConfig.Ecg agnostic = e.withTokenization(CgDmerConfig.Tokenization.LEAD_AGNOSTIC);
        assertEquals(2, new GridMasking(agnostic).visibleTokens());
    }

    /** The encoder sees only visible tokens: changing the samples of hidden patches does not change its output
     * (so neither can the decoder, which reads only the encoder); changing a visible patch changes it. */
    @Test
    void hiddenPatchesDoNotReachTheEncoder() {
        CgDmer model = new CgDmer(TINY, new Rng(30));
        Tensor ecg = Tensor.randn(new Rng(31), 2, 12, 210);
        TokenMasking m = model.gridMasking().sample(Backends.current(), new Rng(32), 2);
        float[] hidden = m.mask().toArray();
        float[] changedHidden = ecg.toArray();
        float[] changedVisible = ecg.toArray();
        boolean visibleDone = false;
        for (int b = 0; b < 2; b++) {
            for (int lead = 0; lead < 12; lead++) {
                for (int t = 0; t < 8; t++) {
                    int at = (b * 12 + lead) * 210 + t * 25 + 3;
                    if (hidden[b * 96 + lead * 8 + t] == 1f) {
                        changedHidden[at] += 5f;
                    } else if (!visibleDone) {
                        changedVisible[at] += 5f;
                        visibleDone = true;
                    }
                }
            }
        }
        float[] base = model.ecgEncoder().encode(ecg, m.keepIndex()).value().toArray();
        Tensor ecgHidden = Tensor.fromArray(changedHidden, 2, 12, 210);
        assertArrayEquals(base, model.ecgEncoder().encode(ecgHidden, m.keepIndex()).value().toArray(), 0f);
        float[] other = model.ecgEncoder().encode(Tensor.fromArray(changedVisible, 2, 12, 210), m.keepIndex())
                .value().toArray();
        assertTrue(!java.util.Arrays.equals(base, other), "a visible patch did not reach the encoder");
    }

    @Test
    void totalIsTheWeightedSumOfTheParts() {
        CgDmer model = new CgDmer(TINY, new Rng(7));
        Batch x = Batch.random(TINY, 4, 8);
        CgDmerLoss l = model.loss(x.ecg(), x.ids(), x.mask(), new Rng(9));
        double expected = l.ecgReconstruction() + l.contrastive() + 0.7 * l.textReconstruction()
                + 0.5 * l.orthogonality() + 0.3 * l.sigLip();
        assertEquals(expected, l.total().item(), 1e-5 * Math.abs(expected));
        assertTrue(l.ecgReconstruction() > 0 && l.textReconstruction() > 0 && l.orthogonality() > 0
                && l.contrastive() > 0 && l.sigLip() > 0);
    }

    /**
     * Each switch removes exactly its term: the ablated model, loaded with the full model's weights and given the
     * same maskings, loses that term's weighted value and nothing else, and does not build the term's modules.
     */
    @Test
    void ablationSwitchesRemoveTheirTermAndModules() {
        CgDmer full = new CgDmer(TINY, new Rng(10));
        Batch x = Batch.random(TINY, 4, 11);
        CgDmer.Masks masks = full.sampleMasks(x.ecg(), x.ids(), x.mask(), new Rng(12));
        CgDmerLoss ref = full.loss(x.ecg(), x.mask(), masks);
        Map<String, Tensor> weights = full.stateDict();
        CgDmer.Masks noMlm = new CgDmer.Masks(masks.ecg(), x.ids(), null, null);

        CgDmerLoss a = ablate(o -> o.withSigLip(false), weights, "siglip.", x, masks);
        assertEquals(0f, a.sigLip());
        assertEquals(ref.total().item() - 0.3f * ref.sigLip(), a.total().item(), 1e-4);
        a = ablate(o -> o.withContrastive(false), weights, "contrastive.", x, masks);
        assertEquals(0f, a.contrastive());
        assertEquals(ref.total().item() - ref.contrastive(), a.total().item(), 1e-4);
        a = ablate(o -> o.withOrthogonality(false), weights, null, x, masks);
        assertEquals(0f, a.orthogonality());
        assertEquals(ref.total().item() - 0.5f * ref.orthogonality(), a.total().item(), 1e-4);
        a = ablate(o -> o.withEcgReconstruction(false), weights, "ecg_decoder.", x, masks);
        assertEquals(0f, a.ecgReconstruction());
        assertEquals(ref.total().item() - ref.ecgReconstruction(), a.total().item(), 1e-4);
        // without MLM the report is encoded unmasked, so the other parts change too: check the term and modules
        a = ablate(o -> o.withTextMlm(false), weights, "mlm_head.", x, noMlm);
        assertEquals(0f, a.textReconstruction());
        assertTrue(a.sigLip() > 0 && a.contrastive() > 0);
        // without disentanglement: one projection per modality, no specific heads, no orthogonality
        CgDmer whole = new CgDmer(TINY.withObjective(TINY.objective().withDisentangle(false)), new Rng(13));
        assertTrue(whole.namedParameters().containsKey("ecg_heads.projection.fc1.weight"));
        assertTrue(whole.namedParameters().keySet().stream().noneMatch(k -> k.contains("specific")
                || k.contains(".shared.")));
        CgDmerLoss w = whole.loss(x.ecg(), x.mask(), masks);
        assertEquals(0f, w.orthogonality());
        assertTrue(w.contrastive() > 0 && w.sigLip() > 0);
        // lead-agnostic tokens: CREMA-style patch embedding over all leads, no lead embedding
        CgDmer agnostic = new CgDmer(TINY.withEcg(TINY.ecg().withTokenization(
                CgDmerConfig.Tokenization.LEAD_AGNOSTIC)), new Rng(14));
        assertArrayEquals(new int[] {32, 12 * 25}, agnostic.namedParameters()
                .get("ecg_encoder.patch_embed.weight").shape());
        assertTrue(!agnostic.namedParameters().containsKey("ecg_encoder.pos_embed.lead"));
        assertTrue(Float.isFinite(agnostic.loss(x.ecg(), x.ids(), x.mask(), new Rng(15)).total().item()));
        assertThrows(IllegalArgumentException.class,
                () -> TINY.objective().withDisentangle(false).withOrthogonality(true));
    }

    private static CgDmerLoss ablate(UnaryOperator<CgDmerConfig.Objective> change, Map<String, Tensor> weights,
                                     String goneModule, Batch x, CgDmer.Masks masks) {
        CgDmer m = new CgDmer(TINY.withObjective(change.apply(TINY.objective())), new Rng(99));
        if (goneModule != null) {
            assertTrue(m.stateDict().keySet().stream().noneMatch(k -> k.startsWith(goneModule)),
                    goneModule + " still built");
        }
        m.loadStateDict(weights, false);
        return m.loss(x.ecg(), x.mask(), masks);
    }

    /**
     * Central differences on parameters in every part of the graph (GradCheck replaces its inputs by copies, so
     * a model's own parameters are perturbed in place here): separators, lead embedding, decoder mask token, a
     * BERT layer norm, the heads, and the learnable temperatures and bias of the alignment losses. Up to 4 entries
     * per parameter; float32 with h = 1e-2: |analytic - numeric| <= 2e-2 + 2e-2 |numeric| (GradCheck's scale).
     */
    @Test
    void analyticGradientsMatchFiniteDifferences() {
        CgDmer model = new CgDmer(TINY, new Rng(16));
        // Eval mode: the heads' batch normalization then uses its running statistics. In training mode it divides by
        // the batch spread of nearly identical random-init representations, a loss too curved for float32 central
        // differences; its training-mode gradients are matched against PyTorch (float64) in CgDmerParityTest.
        model.eval();
        Batch x = Batch.random(TINY, 4, 17);
        CgDmer.Masks masks = model.sampleMasks(x.ecg(), x.ids(), x.mask(), new Rng(18));
        model.loss(x.ecg(), x.mask(), masks).total().backward();
        Map<String, Variable> p = model.namedParameters();
        for (String name : new String[] {"ecg_encoder.sep_token", "ecg_encoder.pos_embed.lead",
                "ecg_decoder.mask_token", "text_encoder.encoder.layer.1.output.LayerNorm.bias",
                "ecg_heads.specific.fc2.bias", "text_heads.shared.fc2.bias", "contrastive.logit_scale",
                "siglip.logit_scale", "siglip.logit_bias"}) {
            Variable v = p.get(name);
            float[] analytic = v.grad().toArray();
            float[] value = v.value().toArray();
            for (int j = 0; j < Math.min(4, value.length); j++) {
                double h = 1e-2 * Math.max(1.0, Math.abs(value[j]));
                double plus = lossAt(model, x, masks, v, value, j, (float) (value[j] + h));
                double minus = lossAt(model, x, masks, v, value, j, (float) (value[j] - h));
                double numeric = (plus - minus) / (2 * h);
                assertTrue(Math.abs(analytic[j] - numeric) <= 2e-2 + 2e-2 * Math.abs(numeric),
                        name + "[" + j + "]: analytic " + analytic[j] + ", numeric " + numeric);
            }
            v.value().copyFromInPlace(Tensor.fromArray(value, v.shape()));
        }
    }

    private static double lossAt(CgDmer model, Batch x, CgDmer.Masks masks, Variable v, float[] value, int j,
                                 float entry) {
        float[] changed = value.clone();
        changed[j] = entry;
        try (NoGrad ignored = NoGrad.enter()) {
            v.value().copyFromInPlace(Tensor.fromArray(changed, v.shape()));
            return model.loss(x.ecg(), x.mask(), masks).total().item();
        }
    }

    /** Learned temporal embedding, CLS pooling, no separators: a trained table, a shorter prefix, all gradients. */
    @Test
    void learnedTemporalEmbeddingAndClsPooling() {
        CgDmerConfig c = TINY.withEcg(TINY.ecg().withTemporal(CgDmerConfig.TemporalEmbedding.LEARNED)
                .withPooling(CgDmerConfig.Pooling.CLS).withSeparators(false));
        CgDmer model = new CgDmer(c, new Rng(40));
        Batch x = Batch.random(c, 3, 41);
        assertArrayEquals(new int[] {3, 1 + 96, 32}, model.ecgEncoder().encode(x.ecg(), null).shape());
        model.loss(x.ecg(), x.ids(), x.mask(), new Rng(42)).total().backward();
        Variable table = model.namedParameters().get("ecg_encoder.pos_embed.temporal.weight");
        assertNotNull(table, "a learned temporal table is a parameter");
        assertArrayEquals(new int[] {1, 8, 32}, table.shape());
        assertTrue(!model.namedParameters().containsKey("ecg_encoder.sep_token"));
        model.namedParameters().forEach((name, v) -> assertNotNull(v.grad(), name + " got no gradient"));
    }

    @Test
    void sameSeedSameNumbers() {
        Batch x = Batch.random(TINY, 4, 19);
        float[] first = step(x);
        float[] second = step(x);
        assertArrayEquals(first, second, 0f);
    }

    private static float[] step(Batch x) {
        CgDmer model = new CgDmer(TINY, new Rng(20));
        CgDmerLoss l = model.loss(x.ecg(), x.ids(), x.mask(), new Rng(21));
        l.total().backward();
        float[] grad = model.namedParameters().get("ecg_encoder.patch_embed.weight").grad().toArray();
        float[] out = new float[grad.length + 1];
        out[0] = l.total().item();
        System.arraycopy(grad, 0, out, 1, grad.length);
        return out;
    }

    @Test
    void everyParameterGetsAGradient() {
        CgDmer model = new CgDmer(TINY, new Rng(22));
        Batch x = Batch.random(TINY, 4, 23);
        model.loss(x.ecg(), x.ids(), x.mask(), new Rng(24)).total().backward();
        model.namedParameters().forEach((name, v) -> assertNotNull(v.grad(), name + " got no gradient"));
    }
}
