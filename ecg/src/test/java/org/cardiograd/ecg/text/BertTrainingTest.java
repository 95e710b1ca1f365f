package org.cardiograd.ecg.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.cardiograd.autograd.Variable;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.nn.optim.LrSchedule;
import org.cardiograd.nn.optim.ParamGroups;
import org.cardiograd.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * Training from scratch works: a tokenizer trained on synthetic ECG reports and a tiny BERT with its MLM head,
 * trained with AdamW on 15%-masked reports, predict the masked tokens far better than at initialization (about
 * ln V) and better than the best context-free guess (the corpus's unigram distribution), so they use context.
 * Measured: 5.47 over the first 20 steps to 2.98 over the last 20 of 300 (unigram entropy 4.49; 1.69 after 600
 * steps).
 */
class BertTrainingTest {
    @Test
    void mlmLossDropsOnSyntheticReports() {
        List<String> reports = WordPieceTrainerTest.reports(96);
        WordPieceTokenizer tok = WordPieceTokenizer.train(reports, 400);
        int maxLength = 48;
        BertConfig config = new BertConfig(tok.vocabSize(), 64, 2, 4, 128, maxLength, 2, 1e-12f, 0f);
        BertForMaskedLM model = new BertForMaskedLM(config, new Rng(7));
        int steps = 300;
        LrSchedule lr = LrSchedule.warmupCosine(5e-3, 5e-4, 20, steps); // post-LN BERT wants a warm-up
        AdamW opt = new AdamW(ParamGroups.decayAndNoDecay(model, lr.lr(0), 0.01));
        MlmMasking masking = new MlmMasking(tok);
        Rng rng = new Rng(8);
        int batch = 16;
        int window = 20;
        double first = 0;
        double last = 0;
        for (int step = 0; step < steps; step++) {
            int from = (step * batch) % reports.size();
            WordPieceTokenizer.EncodedBatch enc = tok.encodeBatch(reports.subList(from, from + batch), maxLength);
            MlmMasking.Masked masked = masking.apply(enc.inputIds(), enc.attentionMask(), rng);
            opt.setLearningRate(lr.lr(step));
            opt.zeroGrad();
            Variable loss = model.loss(masked, enc.attentionMask());
            loss.backward();
            opt.step();
            if (step < window) {
                first += loss.item() / window;
            } else if (step >= steps - window) {
                last += loss.item() / window;
            }
        }
        double unigram = unigramEntropy(tok, reports, maxLength);
        System.out.printf("BertTrainingTest: vocab %d, MLM loss first %d steps %.3f (ln V = %.3f), last %d steps "
                + "%.3f, unigram entropy %.3f%n", tok.vocabSize(), window, first, Math.log(tok.vocabSize()), window,
                last, unigram);
        assertTrue(first > 0.8 * Math.log(tok.vocabSize()), "initial loss " + first + " should be near ln V");
        assertTrue(last < 0.6 * first, "MLM loss fell only from " + first + " to " + last);
        assertTrue(last < unigram - 0.5, "MLM loss " + last + " is not clearly below the unigram entropy " + unigram);
    }

    /** Entropy (nats) of the non-special tokens' frequencies in the encoded corpus. */
    static double unigramEntropy(WordPieceTokenizer tok, List<String> texts, int maxLength) {
        long[] counts = new long[tok.vocabSize()];
        long total = 0;
        for (String text : texts) {
            for (int id : tok.encode(text, maxLength).ids()) {
                if (!tok.specialIds().contains(id)) {
                    counts[id]++;
                    total++;
                }
            }
        }
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / total;
                h -= p * Math.log(p);
            }
        }
        return h;
    }
}
