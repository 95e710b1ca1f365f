package org.cardiograd.ecg;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real data beside the project checkout ({@code ../shared/data/...} from the repository root). Tests that
 * use it skip with a message when it is absent, and fail instead when the environment variable CI is "true",
 * so a CI run cannot pass by skipping them.
 */
public final class SharedData {
    private static final String CINC_SAMPLE = "../shared/data/cinc2021-sample";

    private SharedData() {
    }

    /** The 30-record PhysioNet/CinC 2021 sample folder (skips the test, or fails under CI, when absent). */
    public static Path cincSample() {
        Path folder = repositoryRoot().resolve(CINC_SAMPLE).normalize();
        if (!Files.isDirectory(folder)) {
            skipOrFailInCi("shared sample data not found at " + folder);
        }
        return folder;
    }

    /** Skips the calling test with this message, or fails it when the environment variable CI is "true". */
    public static void skipOrFailInCi(String message) {
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: tests must not skip)");
        }
        Assumptions.abort(message + "; skipping");
    }

    /** The system property cardiograd.root (set by the parent pom), else the nearest folder up with a pom.xml
     *  that lists modules. */
    static Path repositoryRoot() {
        String property = System.getProperty("cardiograd.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("ecg"))) {
                return p;
            }
        }
        return dir;
    }
}
