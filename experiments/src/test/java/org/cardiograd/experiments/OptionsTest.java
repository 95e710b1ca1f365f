package org.cardiograd.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.cardiograd.ecg.crema.CremaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {
    private static Options sample() {
        return new Options("t", "test").value("--steps", "N", "10", "steps").flag("--fast", "go fast")
                .repeatable("--set", "K=V", "override");
    }

    private static String error(Runnable r) {
        return assertThrows(Options.UsageException.class, r::run).getMessage();
    }

    @Test
    void parsesValuesFlagsAndLists() {
        Options.Parsed p = sample().parse(new String[] {"--steps=7", "--fast", "--set", "a=1", "--set=b=2"});
        assertEquals(7, p.integer("--steps"));
        assertTrue(p.has("--fast"));
        assertEquals(List.of("a=1", "b=2"), p.list("--set"));
        assertEquals(List.of("--steps=7", "--fast", "--set=a=1", "--set=b=2"), p.arguments());
        assertEquals(10, sample().parse(new String[0]).integer("--steps"));
    }

    /**
     * A run's saved options, reloaded (resume, probe of a checkpoint): has() is true only for what the user gave,
     * and every option still resolves to the value it had, the defaults included.
     */
    @Test
    void savedOptionsKeepGivenApartFromDefaults() {
        Options.Parsed p = PretrainCommand.options().parse(new String[] {"--model", "cgdmer", "--steps", "7",
            "--set", "embedDim=8"});
        Options.Parsed reloaded = Resume.restore(PretrainCommand.options(), Resume.metadata("pretrain", p, "{}"));
        for (String name : List.of("--report-tokens", "--batch", "--lr", "--threads", "--device", "--warmup")) {
            assertFalse(reloaded.has(name), name + " was not given");
        }
        assertTrue(reloaded.has("--model") && reloaded.has("--steps") && reloaded.has("--set"));
        assertEquals(p.resolved(), reloaded.resolved());
        assertEquals(0, reloaded.integer("--report-tokens"));
        assertEquals(32, reloaded.integer("--batch"));

        // a CREMA run's saved options still define a CREMA model (a saved --report-tokens default used to trip it)
        Options.Parsed crema = Resume.restore(PretrainCommand.options(), Resume.metadata("pretrain",
                PretrainCommand.options().parse(new String[] {"--model", "crema"}), "{}"));
        assertEquals("crema", ModelOptions.factory(crema).name());

        // the run keeps the defaults it was started with, whatever the defaults of the build that reloads it
        Options.Parsed old = sample().parse(new String[] {"--fast"});
        assertEquals(List.of("--fast"), old.arguments());
        assertEquals(Map.of("--steps", "10"), old.defaultsInEffect());
        Options newer = new Options("t", "test").value("--steps", "N", "20", "steps").flag("--fast", "go fast")
                .repeatable("--set", "K=V", "override");
        Options.Parsed again = newer.parse(old.arguments().toArray(String[]::new), old.defaultsInEffect());
        assertFalse(again.has("--steps"));
        assertEquals(10, again.integer("--steps"));
        assertTrue(error(() -> newer.parse(new String[0], Map.of("--fast", "true"))).contains("saved default --fast"));
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertTrue(error(() -> sample().parse(new String[] {"--stpes", "3"})).contains("unknown option '--stpes'"));
        assertTrue(error(() -> sample().parse(new String[] {"extra"})).contains("unknown argument 'extra'"));
        assertTrue(error(() -> sample().parse(new String[] {"--steps"})).contains("--steps needs a value N"));
        assertTrue(error(() -> sample().parse(new String[] {"--steps", "1", "--steps", "2"})).contains("given twice"));
        assertTrue(error(() -> sample().parse(new String[] {"--fast=yes"})).contains("takes no value"));
        assertTrue(error(() -> sample().parse(new String[] {"--steps", "x"}).integer("--steps"))
                .contains("--steps expects a whole number, got 'x'"));
    }

    @Test
    void helpListsEveryOptionOfEveryCommand() {
        for (Options o : List.of(PretrainCommand.options(), ProbeCommand.options(), FinetuneCommand.options(),
                ReportCommand.options())) {
            PrintStream old = System.out;
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            try {
                assertNull(o.parse(new String[] {"--help"}));
            } finally {
                System.setOut(old);
            }
            String help = buffer.toString(StandardCharsets.UTF_8);
            assertEquals(o.help(), help);
            for (String option : o.parse(new String[0]).resolved().keySet()) {
                assertTrue(help.contains("--" + option + " ") || help.contains("--" + option + "\n"),
                        "help lacks --" + option);
            }
        }
    }

    @Test
    void setOverridesRecordFieldsStrictly() {
        CremaConfig c = RecordOverrides.apply(CremaConfig.cpu(), List.of("width=64", "mode=gl", "normPixLoss=true"));
        assertEquals(64, c.width());
        assertEquals(CremaConfig.Mode.GL, c.mode());
        assertTrue(c.normPixLoss());
        assertEquals(CremaConfig.cpu().depth(), c.depth());
        assertTrue(error(() -> RecordOverrides.apply(CremaConfig.cpu(), List.of("widht=64"))).contains("widht"));
        assertTrue(error(() -> RecordOverrides.apply(CremaConfig.cpu(), List.of("width=wide"))).contains("width=wide"));
        assertTrue(error(() -> RecordOverrides.apply(CremaConfig.cpu(), List.of("mode=XL"))).contains("[GL, CL, HL]"));
        // the record's own validation still runs
        assertTrue(error(() -> RecordOverrides.apply(CremaConfig.cpu(), List.of("heads=3"))).contains("divisible"));
    }

    @Test
    void commandsReportBadArguments(@TempDir Path dir) throws Exception {
        assertTrue(error(() -> run(new PretrainCommand(), "--model", "cgdmer", "--mode", "GL")).contains("--ablate"));
        assertTrue(error(() -> run(new PretrainCommand(), "--ablate", "no-siglip")).contains("--model cgdmer"));
        assertTrue(error(() -> run(new PretrainCommand(), "--data", "nowhere:/x")).contains("expected synthetic"));
        assertTrue(error(() -> run(new PretrainCommand(), "--data", "cinc:" + dir.resolve("missing")))
                .contains("no folder"));
        assertTrue(error(() -> run(new PretrainCommand(), "--preset", "huge")).contains("paper, small or cpu"));
        assertTrue(error(() -> run(new ProbeCommand())).contains("exactly one of --checkpoint"));
        assertTrue(error(() -> run(new ProbeCommand(), "--random-init", "--fractions", "0.5,2")).contains("(0, 1]"));
        assertTrue(error(() -> run(new ProbeCommand(), "--checkpoint", dir.toString())).contains("checkpoint"));
        assertTrue(error(() -> run(new PretrainCommand(), "--resume", dir.toString(), "--steps", "5"))
                .contains("checkpoint"));
        assertEquals(2, Main.run(new String[] {"probe", "--no-such-option"}));
    }

    private static void run(Command c, String... args) {
        try {
            c.run(args);
        } catch (Options.UsageException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
