package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.autograd.Variable;
import org.cardiograd.ecg.crema.Crema;
import org.cardiograd.ecg.crema.CremaConfig;
import org.cardiograd.ecg.crema.SignalTransformer;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Rng;

/** CREMA behind the {@link PretrainableModel} interface. */
final class CremaModel implements PretrainableModel {
    private final Crema crema;

    CremaModel(Crema crema) {
        this.crema = crema;
    }

    /** The factory for a resolved config (preset, mode and overrides applied). */
    static Factory factory(String preset, CremaConfig config) {
        return new Factory() {
            @Override
            public String name() {
                return "crema";
            }

            @Override
            public int samples() {
                return config.samples();
            }

            @Override
            public Map<String, Object> config() {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("preset", preset);
                out.putAll(RecordOverrides.fields(config));
                return out;
            }

            @Override
            public PretrainableModel create(Rng rng) {
                return new CremaModel(new Crema(config, rng));
            }
        };
    }

    /** A preset by name: paper, small or cpu. */
    static CremaConfig preset(String name) {
        return switch (name) {
            case "paper" -> CremaConfig.paper();
            case "small" -> CremaConfig.small();
            case "cpu" -> CremaConfig.cpu();
            default -> throw new Options.UsageException("--preset " + name + ": expected paper, small or cpu");
        };
    }

    Crema crema() {
        return crema;
    }

    @Override
    public Module module() {
        return crema;
    }

    @Override
    public Encoder encoder() {
        SignalTransformer sit = crema.encoder();
        return new Encoder() {
            @Override
            public Module module() {
                return sit;
            }

            @Override
            public Variable represent(Variable ecg) {
                return sit.represent(ecg);
            }

            @Override
            public int width() {
                return sit.config().width();
            }

            @Override
            public int depth() {
                return sit.config().depth();
            }

            @Override
            public int layerOf(String name) {
                String blocks = "transformer.blocks.";
                if (name.startsWith(blocks)) {
                    String rest = name.substring(blocks.length());
                    return 1 + Integer.parseInt(rest.substring(0, rest.indexOf('.')));
                }
                return name.startsWith("transformer.") ? depth() + 1 : 0; // final norm : embeddings
            }
        };
    }

    @Override
    public List<String> lossParts() {
        return List.of("reconstruction", "contrastive");
    }

    @Override
    public boolean twoViews() {
        return crema.config().mode() != CremaConfig.Mode.GL;
    }

    @Override
    public Objective loss(Batch batch, Rng maskRng) {
        Crema.Loss l = crema.loss(batch.view1(), batch.view2(), batch.groups(), maskRng);
        return new Objective(l.total(), l.parts()); // [total, reconstruction, contrastive]
    }

    @Override
    public void saveFigures(EcgArrays test, long seed, Path run) throws IOException {
        if (crema.config().mode() != CremaConfig.Mode.CL) {
            ReconstructionFigure.save(crema, test, seed, run.resolve("reconstruction.png"));
        }
    }
}
