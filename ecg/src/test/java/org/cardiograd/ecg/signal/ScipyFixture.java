package org.cardiograd.ecg.signal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a fixture written by {@code ecg/src/test/python/make_signal_fixtures.py}: '#' comments, then lines of
 * {@code name value value ...}.
 */
final class ScipyFixture {

    private final String resource;
    private final Map<String, double[]> arrays;

    private ScipyFixture(String resource, Map<String, double[]> arrays) {
        this.resource = resource;
        this.arrays = arrays;
    }

    static ScipyFixture load(String name) {
        String resource = "/signal/" + name;
        Map<String, double[]> arrays = new LinkedHashMap<>();
        try (InputStream in = ScipyFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + resource
                        + "; regenerate with ecg/src/test/python/make_signal_fixtures.py");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                double[] values = new double[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    try {
                        values[i - 1] = Double.parseDouble(parts[i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalStateException(resource + " line " + lineNo + ": value " + i
                                + " is not a number: '" + parts[i] + "'", e);
                    }
                }
                arrays.put(parts[0], values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        return new ScipyFixture(resource, arrays);
    }

    double[] array(String key) {
        double[] v = arrays.get(key);
        if (v == null) {
            throw new IllegalStateException(resource + " has no array '" + key + "'; it has " + arrays.keySet());
        }
        return v;
    }

    double scalar(String key) {
        return array(key)[0];
    }

    Map<String, double[]> all() {
        return arrays;
    }

    /** The input lead: integer microvolts converted as a reader would, (float) (uV / 1000.0). */
    float[] inputMillivolts() {
        double[] uv = array("x_uv");
        float[] x = new float[uv.length];
        for (int i = 0; i < uv.length; i++) {
            x[i] = (float) (uv[i] / 1000.0);
        }
        return x;
    }

    /** max |expected - actual| / max |expected|, after checking lengths agree. */
    static double relativeMaxError(double[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError("length " + actual.length + ", SciPy has " + expected.length);
        }
        double maxErr = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(expected[i] - actual[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return maxErr / scale;
    }
}
