package org.cardiograd.experiments;

/** Entry point of the {@code ./cardiograd} launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("cardiograd: subcommands arrive with later issues");
    }
}
