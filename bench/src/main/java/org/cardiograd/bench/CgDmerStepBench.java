package org.cardiograd.bench;

import java.util.Arrays;
import java.util.Locale;

import org.cardiograd.ecg.cgdmer.CgDmer;
import org.cardiograd.ecg.cgdmer.CgDmerConfig;
import org.cardiograd.ecg.cgdmer.CgDmerLoss;
import org.cardiograd.nn.optim.AdamW;
import org.cardiograd.nn.optim.ParamGroups;
import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Distribution;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * The CG-DMER training-step harness: times one full step (spatial-temporal masking of 12 x 33 tokens, encoder,
 * decoder, BERT on 64-token reports with MLM, disentanglement heads, orthogonality, InfoNCE and SigLIP losses,
 * backward, AdamW) at batch 32 of the bench preset, and prints one JSON line in the form of
 * bench/cgdmer_reference.py so run-cgdmer-step.sh can compare them. Maskings are drawn inside the timed step
 * (on the host, as in training); the PyTorch side gets random maskings of the same sizes.
 *
 * <pre>java ... org.cardiograd.bench.CgDmerStepBench [bench|cpu] [steps] [warmup]</pre>
 * Threads: -Dcardiograd.threads=N (default: all processors). -Dbench.device=opencl[:N] runs on an OpenCL
 * device instead of the CPU backend (ECG batch and maskings uploaded each step, token ids kept on the host where
 * the MLM masking reads them); -Dbench.batch=B changes the batch of 32.
 */
public final class CgDmerStepBench {
    private CgDmerStepBench() {}

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "bench";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        CgDmerConfig config = switch (name) {
            case "bench" -> CgDmerConfig.bench();
            case "cpu" -> CgDmerConfig.cpu();
            default -> throw new IllegalArgumentException("unknown config '" + name + "': bench or cpu");
        };
        Backend device = Backends.byName(System.getProperty("bench.device", "cpu"));
        Backends.setCurrent(device);
        Rng rng = new Rng(0);
        CgDmer model = new CgDmer(config, rng);
        AdamW optimizer = new AdamW(ParamGroups.decayAndNoDecay(model, 1e-4, 0.05), 0.9, 0.999, 1e-8);
        int batch = Integer.getInteger("bench.batch", 32);
        int tokens = config.text().maxTokens();
        Tensor ecg = Tensor.random(Backends.cpu(), rng, Distribution.NORMAL, 0f, 1f, batch, config.ecg().leads(),
                config.ecg().samples());
        float[] ids = new float[batch * tokens];
        float[] mask = new float[batch * tokens];
        for (int b = 0; b < batch; b++) {
            int length = tokens / 2 + rng.nextInt(tokens / 2 + 1);
            for (int t = 0; t < length; t++) {
                ids[b * tokens + t] = t == 0 ? 2 : 5 + rng.nextInt(config.text().vocabSize() - 5);
                mask[b * tokens + t] = 1f;
            }
        }
        Tensor reportIds = Tensor.fromArray(Backends.cpu(), ids, batch, tokens);
        Tensor reportMask = Tensor.fromArray(Backends.cpu(), mask, batch, tokens);
        double[] times = new double[steps];
        for (int s = 0; s < warmup + steps; s++) {
            long t0 = System.nanoTime();
            optimizer.zeroGrad();
            CgDmerLoss loss = model.loss(ecg.to(device), reportIds, reportMask, rng);
            loss.total().backward();
            optimizer.step();
            model.clampLogitScale();
            loss.total().item();
            if (s >= warmup) {
                times[s - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "{\"impl\": \"cardiograd\", \"java\": \"%s\", \"config\": \"%s\", "
                        + "\"device\": \"%s\", \"threads\": %d, \"batch\": %d, \"step_ms_median\": %.2f}%n",
                System.getProperty("java.version"), name, device,
                Integer.getInteger("cardiograd.threads", Runtime.getRuntime().availableProcessors()), batch,
                median(times));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
