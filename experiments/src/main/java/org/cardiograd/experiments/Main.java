package org.cardiograd.experiments;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Entry point of the {@code ./cardiograd} launcher: dispatches to a subcommand. */
public final class Main {
    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        register(new DemoCommand());
        register(new PretrainCommand());
        register(new ProbeCommand());
        register(new FinetuneCommand());
        register(new ZeroshotCommand());
        register(new ReportCommand());
        register(new DevicesCommand());
        register(new SelfCheckCommand());
    }

    private Main() {}

    private static void register(Command c) {
        COMMANDS.put(c.name(), c);
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printHelp();
            return 0;
        }
        Command c = COMMANDS.get(args[0]);
        if (c == null) {
            System.err.println("cardiograd: unknown command '" + args[0] + "'\n");
            printHelp();
            return 2;
        }
        try {
            return c.run(Arrays.copyOfRange(args, 1, args.length));
        } catch (Options.UsageException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            System.err.println(c.name() + ": " + e.getMessage());
            return 1;
        }
    }

    private static void printHelp() {
        StringBuilder sb = new StringBuilder();
        sb.append("cardiograd: pure-Java deep learning for ECG foundation models (CREMA, CG-DMER)\n\n");
        sb.append("usage: ./cardiograd <command> [options]      (./cardiograd <command> --help for its options)\n\n");
        sb.append("commands:\n");
        for (Command c : COMMANDS.values()) {
            sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        sb.append("\nJVM options can be passed in CARDIOGRAD_JVM_OPTS (e.g. -Xmx8g -Dcardiograd.threads=2).\n");
        System.out.print(sb);
    }
}
