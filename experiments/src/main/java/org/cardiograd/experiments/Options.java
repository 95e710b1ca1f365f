package org.cardiograd.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A command's options, parsed strictly: every option is declared with its help text and default; an unknown
 * option, a missing or malformed value, or a value given twice is a {@link UsageException} naming the option.
 * Values are {@code --name value} or {@code --name=value}; flags take no value; repeatable options collect a
 * list. {@code --help} is always known and prints every option.
 */
final class Options {
    /** A wrong command line: the message says what was wrong and what was expected. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private record Spec(String name, String valueName, String defaultValue, String help, Kind kind) {}

    private enum Kind { VALUE, FLAG, REPEATABLE }

    private final String command;
    private final String usage;
    private final Map<String, Spec> specs = new LinkedHashMap<>();

    Options(String command, String usage) {
        this.command = command;
        this.usage = usage;
    }

    /** An option with a value; defaultValue null means "not set unless given". */
    Options value(String name, String valueName, String defaultValue, String help) {
        return add(new Spec(name, valueName, defaultValue, help, Kind.VALUE));
    }

    Options flag(String name, String help) {
        return add(new Spec(name, null, null, help, Kind.FLAG));
    }

    Options repeatable(String name, String valueName, String help) {
        return add(new Spec(name, valueName, null, help, Kind.REPEATABLE));
    }

    private Options add(Spec s) {
        if (specs.put(s.name, s) != null) {
            throw new IllegalStateException(command + ": option " + s.name + " declared twice");
        }
        return this;
    }

    String help() {
        StringBuilder sb = new StringBuilder("usage: ./cardiograd " + command + " [options]\n\n" + usage + "\n\noptions:\n");
        for (Spec s : specs.values()) {
            String left = s.name + (s.valueName == null ? "" : " " + s.valueName);
            String def = s.defaultValue == null ? "" : " (default " + s.defaultValue + ")";
            String more = s.kind == Kind.REPEATABLE ? " (repeatable)" : "";
            sb.append(String.format(Locale.ROOT, "  %-24s %s%s%s%n", left, s.help, def, more));
        }
        sb.append(String.format(Locale.ROOT, "  %-24s %s%n", "--help", "print this help"));
        return sb.toString();
    }

    /** Parses; returns null when --help was asked for (after printing the help). */
    Parsed parse(String[] args) {
        return parse(args, Map.of());
    }

    /**
     * Parses a saved command line with the defaults that were in effect when it was saved ({@code --name} to
     * value, see {@link Parsed#defaultsInEffect()}): they replace the declared defaults, so a reloaded run keeps
     * its own, while {@link Parsed#has} stays false for every option the user did not give.
     */
    Parsed parse(String[] args, Map<String, String> defaults) {
        defaults.forEach((name, value) -> {
            Spec s = specs.get(name);
            if (s == null || s.kind != Kind.VALUE) {
                throw new UsageException(command + ": the saved default " + name + "=" + value + " is not a value "
                        + "option of this command (see ./cardiograd " + command + " --help)");
            }
        });
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(help());
                return null;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Spec s = specs.get(name);
            if (s == null) {
                throw new UsageException(command + ": unknown " + (arg.startsWith("-") ? "option" : "argument")
                        + " '" + arg + "' (see ./cardiograd " + command + " --help)");
            }
            if (s.kind == Kind.FLAG) {
                if (value != null) {
                    throw new UsageException(command + ": " + name + " takes no value, got '" + arg + "'");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(command + ": " + name + " needs a value " + s.valueName);
                }
                value = args[++i];
            }
            if (s.kind == Kind.REPEATABLE) {
                lists.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else if (values.put(name, value) != null) {
                throw new UsageException(command + ": " + name + " given twice");
            }
        }
        return new Parsed(values, lists, Map.copyOf(defaults));
    }

    /**
     * The parsed command line, with typed getters that fall back on the defaults: the saved ones of a reloaded
     * run, else the declared ones.
     */
    final class Parsed {
        private final Map<String, String> given;
        private final Map<String, List<String>> lists;
        private final Map<String, String> savedDefaults;

        private Parsed(Map<String, String> given, Map<String, List<String>> lists, Map<String, String> savedDefaults) {
            this.given = given;
            this.lists = lists;
            this.savedDefaults = savedDefaults;
        }

        boolean has(String name) {
            spec(name);
            return given.containsKey(name) || lists.containsKey(name);
        }

        String string(String name) {
            Spec s = spec(name);
            return given.getOrDefault(name, defaultOf(s));
        }

        private String defaultOf(Spec s) {
            return savedDefaults.containsKey(s.name) ? savedDefaults.get(s.name) : s.defaultValue;
        }

        List<String> list(String name) {
            spec(name);
            return lists.getOrDefault(name, List.of());
        }

        int integer(String name) {
            return (int) number(name, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        long longValue(String name) {
            return number(name, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        private long number(String name, long min, long max) {
            String v = string(name);
            try {
                long x = Long.parseLong(v.trim());
                if (x < min || x > max) {
                    throw new NumberFormatException();
                }
                return x;
            } catch (NumberFormatException | NullPointerException e) {
                throw new UsageException(command + ": " + name + " expects a whole number, got '" + v + "'");
            }
        }

        double decimal(String name) {
            String v = string(name);
            try {
                double x = Double.parseDouble(v.trim());
                if (!Double.isFinite(x)) {
                    throw new NumberFormatException();
                }
                return x;
            } catch (NumberFormatException | NullPointerException e) {
                throw new UsageException(command + ": " + name + " expects a number, got '" + v + "'");
            }
        }

        /** A whole number of at least {@code min}. */
        int atLeast(String name, int min) {
            int v = integer(name);
            if (v < min) {
                throw new UsageException(command + ": " + name + " must be at least " + min + ", got " + v);
            }
            return v;
        }

        /** Every option as it will be used (given or default), in declaration order: for config.json. */
        Map<String, Object> resolved() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Spec s : specs.values()) {
                if (s.kind == Kind.REPEATABLE) {
                    out.put(s.name.substring(2), list(s.name));
                } else if (s.kind == Kind.FLAG) {
                    out.put(s.name.substring(2), given.containsKey(s.name));
                } else if (string(s.name) != null) {
                    out.put(s.name.substring(2), string(s.name));
                }
            }
            return out;
        }

        /** The options the user gave, as a command line in declaration order. */
        List<String> arguments() {
            List<String> out = new ArrayList<>();
            for (Spec s : specs.values()) {
                if (s.kind == Kind.REPEATABLE) {
                    list(s.name).forEach(v -> out.add(s.name + "=" + v));
                } else if (s.kind == Kind.FLAG) {
                    if (given.containsKey(s.name)) {
                        out.add(s.name);
                    }
                } else if (given.containsKey(s.name)) {
                    out.add(s.name + "=" + given.get(s.name));
                }
            }
            return out;
        }

        /**
         * The defaults the options not given resolve to ({@code --name} to value, declaration order): saved beside
         * {@link #arguments()} so that a resumed run does not depend on the defaults of the build that resumes it.
         */
        Map<String, String> defaultsInEffect() {
            Map<String, String> out = new LinkedHashMap<>();
            for (Spec s : specs.values()) {
                if (s.kind == Kind.VALUE && !given.containsKey(s.name) && defaultOf(s) != null) {
                    out.put(s.name, defaultOf(s));
                }
            }
            return out;
        }

        private Spec spec(String name) {
            Spec s = specs.get(name);
            if (s == null) {
                throw new IllegalStateException(command + ": option " + name + " was never declared");
            }
            return s;
        }
    }
}
