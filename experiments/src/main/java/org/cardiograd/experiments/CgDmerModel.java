package org.cardiograd.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cardiograd.autograd.NoGrad;
import org.cardiograd.autograd.Variable;
import org.cardiograd.ecg.cgdmer.CgDmer;
import org.cardiograd.ecg.cgdmer.CgDmerConfig;
import org.cardiograd.ecg.cgdmer.CgDmerLoss;
import org.cardiograd.ecg.text.MlmMasking;
import org.cardiograd.ecg.text.PretrainedBert;
import org.cardiograd.ecg.text.ReportCorpus;
import org.cardiograd.ecg.text.WordPieceTokenizer;
import org.cardiograd.nn.Module;
import org.cardiograd.tensor.Backend;
import org.cardiograd.tensor.Backends;
import org.cardiograd.tensor.Rng;
import org.cardiograd.tensor.Tensor;

/**
 * CG-DMER behind the {@link PretrainableModel} interface. Its reports are tokenized by a WordPiece vocabulary
 * trained on the training reports and saved as the run's {@code vocab.txt}, or by the vocabulary of a
 * HuggingFace BERT folder ({@code --text-encoder}) whose weights then initialize the report encoder.
 *
 * <p>Probing reads the ECG encoder's pooled output (the whole representation, before the heads) by default;
 * {@link #sharedEncoder()} gives the shared ECG embedding that zero-shot compares with the descriptions.
 */
final class CgDmerModel implements PretrainableModel {
    static final String VOCAB = "vocab.txt";
    static final List<String> LOSS_PARTS = List.of("ecg_reconstruction", "contrastive", "text_mlm",
            "orthogonality", "siglip");

    private final CgDmer model;
    private final WordPieceTokenizer tokenizer;
    private final int reportTokens;

    CgDmerModel(CgDmer model, WordPieceTokenizer tokenizer, int reportTokens) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.reportTokens = reportTokens;
    }

    /**
     * The factory of a resolved config. {@code textEncoder} is a HuggingFace BERT folder or null (a BERT
     * trained from scratch on a vocabulary trained on the reports); {@code reportTokens} the report length.
     */
    static Factory factory(String preset, CgDmerConfig config, Path textEncoder, int reportTokens,
                           List<String> ablations) {
        return new Factory() {
            private WordPieceTokenizer tokenizer;
            private PretrainedBert pretrained;

            @Override
            public String name() {
                return "cgdmer";
            }

            @Override
            public int samples() {
                return config.ecg().samples();
            }

            @Override
            public Map<String, Object> config() {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("preset", preset);
                out.put("ablations", ablations);
                out.put("ecg", RecordOverrides.fields(config.ecg()));
                out.put("text", RecordOverrides.fields(config.text()));
                out.put("objective", RecordOverrides.fields(config.objective()));
                out.put("embedDim", config.embedDim());
                out.put("text_encoder", textEncoder == null ? "trained from scratch" : textEncoder.toString());
                out.put("report_tokens", reportTokens);
                out.put("vocabulary", tokenizer == null ? "none loaded" : tokenizer.vocabSize() + " tokens");
                return out;
            }

            @Override
            public void prepare(EcgArrays train, Path run) throws IOException {
                Path vocab = run.resolve(VOCAB);
                if (textEncoder != null) {
                    pretrained = PretrainedBert.load(textEncoder, false, new Rng(0));
                    tokenizer = pretrained.tokenizer();
                    if (!Files.exists(vocab)) {
                        tokenizer.writeVocab(vocab); // the run folder shows what the reports were cut into
                    }
                } else if (Files.exists(vocab)) {
                    tokenizer = WordPieceTokenizer.fromVocabFile(vocab);
                } else if (train != null) {
                    tokenizer = corpus(train).trainTokenizer(config.text().vocabSize(), vocab);
                    System.out.printf("trained a WordPiece vocabulary of %d tokens on %d reports -> %s%n",
                            tokenizer.vocabSize(), train.size(), vocab);
                }
                if (tokenizer != null && tokenizer.vocabSize() > config.text().vocabSize()) {
                    throw new IOException(vocab + ": " + tokenizer.vocabSize() + " tokens, more than the model's "
                            + "text vocabSize " + config.text().vocabSize());
                }
            }

            @Override
            public PretrainableModel create(Rng rng) {
                CgDmer m = tokenizer == null ? new CgDmer(config, rng)
                        : new CgDmer(config, new MlmMasking(tokenizer), rng);
                if (pretrained != null) {
                    Map<String, Tensor> state = new LinkedHashMap<>(pretrained.bert().stateDict());
                    state.keySet().removeIf(k -> k.startsWith("pooler."));
                    m.textEncoder().loadStateDict(state, true);
                }
                return new CgDmerModel(m, tokenizer, reportTokens);
            }
        };
    }

    /** The training reports; a record without one is an error naming how many. */
    private static ReportCorpus corpus(EcgArrays train) {
        long missing = java.util.Arrays.stream(train.reports()).filter(r -> r == null || r.isBlank()).count();
        if (missing > 0) {
            throw new Options.UsageException("CG-DMER: " + missing + " of " + train.size() + " training records "
                    + "have no report");
        }
        return new ReportCorpus(List.of(train.reports()), List.of(), List.of());
    }

    /** A preset by name: cpu (the demo's) or bench (the benchmark size). */
    static CgDmerConfig preset(String name) {
        return switch (name) {
            case "cpu" -> CgDmerConfig.cpu();
            case "bench" -> CgDmerConfig.bench();
            default -> throw new Options.UsageException("--preset " + name + ": CG-DMER presets are cpu and bench");
        };
    }

    CgDmer cgdmer() {
        return model;
    }

    /** The tokenizer of the reports (null when a model was loaded without its vocab.txt). */
    WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public Module module() {
        return model;
    }

    @Override
    public Encoder encoder() {
        return new CgDmerEncoder(model, false);
    }

    /** The shared ECG embedding (after the shared head) as an encoder, for probing it. */
    Encoder sharedEncoder() {
        return new CgDmerEncoder(model, true);
    }

    @Override
    public List<String> lossParts() {
        return LOSS_PARTS;
    }

    @Override
    public boolean twoViews() {
        return false;
    }

    @Override
    public boolean needsReports() {
        return true;
    }

    @Override
    public Objective loss(Batch batch, Rng maskRng) {
        // ids on the host: the MLM masking reads them there, and uploads them with the masking (no device read)
        WordPieceTokenizer.EncodedBatch text = encode(batch.reports(), Backends.cpu());
        CgDmerLoss l = model.loss(batch.view1(), text.inputIds(), text.attentionMask(), maskRng);
        return new Objective(l.total(), l.parts()); // in the order of LOSS_PARTS after the total
    }

    @Override
    public void afterOptimizerStep() {
        model.clampLogitScale();
    }

    /** Texts to the report encoder's inputs. */
    WordPieceTokenizer.EncodedBatch encode(List<String> texts) {
        return encode(texts, Backends.current());
    }

    private WordPieceTokenizer.EncodedBatch encode(List<String> texts, Backend backend) {
        if (tokenizer == null) {
            throw new IllegalStateException("CG-DMER: no tokenizer (the run folder's " + VOCAB + " is missing)");
        }
        List<String> checked = new ArrayList<>(texts.size());
        for (String t : texts) {
            if (t == null) {
                throw new Options.UsageException("CG-DMER: an ECG without a report cannot be paired");
            }
            checked.add(t);
        }
        return tokenizer.encodeBatch(backend, checked, reportTokens);
    }

    /** Shared text embeddings [texts, embedDim] of texts (descriptions), without gradients. */
    Tensor embedTexts(List<String> texts) {
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            WordPieceTokenizer.EncodedBatch b = encode(texts);
            return model.encodeText(b.inputIds(), b.attentionMask()).value();
        }
    }

    @Override
    public void saveFigures(EcgArrays test, long seed, Path run) throws IOException {
        if (model.config().objective().ecgReconstruction()) {
            CgDmerReconstructionFigure.save(model, test, seed, run.resolve("reconstruction.png"));
        }
    }

    /** The ECG side of CG-DMER as probing and fine-tuning see it. */
    private record CgDmerEncoder(CgDmer model, boolean shared) implements Encoder {
        @Override
        public Module module() {
            return shared ? model : model.ecgEncoder();
        }

        @Override
        public Variable represent(Variable ecg) {
            return shared ? model.encodeEcg(ecg.value()) : model.ecgRepresentation(ecg.value());
        }

        @Override
        public int width() {
            return shared ? model.config().embedDim() : model.config().ecg().width();
        }

        @Override
        public int depth() {
            return model.config().ecg().depth();
        }

        @Override
        public int layerOf(String name) {
            String local = name.startsWith("ecg_encoder.") ? name.substring("ecg_encoder.".length()) : name;
            String blocks = "transformer.blocks.";
            if (local.startsWith(blocks)) {
                String rest = local.substring(blocks.length());
                return 1 + Integer.parseInt(rest.substring(0, rest.indexOf('.')));
            }
            boolean embedding = local.startsWith("patch_embed.") || local.startsWith("pos_embed.")
                    || local.startsWith("cls_token") || local.startsWith("sep_token");
            return embedding ? 0 : depth() + 1; // final norm and heads come after the last block
        }
    }
}
