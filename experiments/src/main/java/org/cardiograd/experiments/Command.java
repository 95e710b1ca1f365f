package org.cardiograd.experiments;

/** One subcommand of the launcher. */
interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    /** Runs with the arguments after the command name; returns the process exit code. */
    int run(String[] args) throws Exception;
}
