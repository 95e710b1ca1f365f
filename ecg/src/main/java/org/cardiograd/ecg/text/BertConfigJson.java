package org.cardiograd.ecg.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.cardiograd.tensor.io.Json;

/**
 * Reads HuggingFace's BERT {@code config.json} into a {@link BertConfig}. The sizes are required; layer_norm_eps,
 * type_vocab_size and hidden_dropout_prob default to HuggingFace's own defaults (1e-12, 2, 0.1) when absent. A
 * config this encoder cannot run (another activation than exact GELU, relative position embeddings, another
 * model type) is an error naming the file and the field.
 */
final class BertConfigJson {
    private BertConfigJson() {}

    static BertConfig read(Path file) throws IOException {
        Fields f = new Fields(file, object(file));
        f.requireText("model_type", "bert");
        f.requireText("hidden_act", "gelu");
        f.requireText("position_embedding_type", "absolute");
        return new BertConfig(f.integer("vocab_size", null), f.integer("hidden_size", null),
                f.integer("num_hidden_layers", null), f.integer("num_attention_heads", null),
                f.integer("intermediate_size", null), f.integer("max_position_embeddings", null),
                f.integer("type_vocab_size", 2), (float) f.number("layer_norm_eps", 1e-12),
                (float) f.number("hidden_dropout_prob", 0.1));
    }

    /** A JSON file holding one object (HuggingFace's config.json, tokenizer_config.json). */
    static Map<?, ?> object(Path file) throws IOException {
        Object parsed;
        try {
            parsed = Json.parse(Files.readString(file));
        } catch (Json.JsonException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IOException(file + ": expected a JSON object");
        }
        return map;
    }

    private record Fields(Path file, Map<?, ?> map) {
        /** When present, the field must have this value. */
        void requireText(String key, String expected) throws IOException {
            Object v = map.get(key);
            if (v != null && !expected.equals(v)) {
                throw new IOException(file + ": " + key + " is " + v + ", this BERT supports only \"" + expected + "\"");
            }
        }

        double number(String key, Double fallback) throws IOException {
            Object v = map.get(key);
            if (v == null) {
                if (fallback == null) {
                    throw new IOException(file + ": missing field " + key);
                }
                return fallback;
            }
            if (!(v instanceof Json.JsonNumber n)) {
                throw new IOException(file + ": " + key + " must be a number, got " + v);
            }
            return Double.parseDouble(n.text());
        }

        int integer(String key, Integer fallback) throws IOException {
            double v = number(key, fallback == null ? null : fallback.doubleValue());
            if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
                throw new IOException(file + ": " + key + " must be a non-negative integer, got " + v);
            }
            return (int) v;
        }
    }
}
