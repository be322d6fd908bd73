package org.tessera.local.internal;

import java.util.List;

/**
 * The main of {@code bin/qmail-pw2u}: qmail-pw2u with {@code $TESSERA_HOME} in place of
 * {@code /var/qmail}, on a plain class path of the api and local jars.
 */
public final class Pw2uTool {

    private Pw2uTool() {
    }

    /**
     * Converts passwd lines on standard input into an assign file on standard output.
     *
     * @param args qmail-pw2u's options {@code [-/ohHuUC] [-c char]}
     */
    public static void main(String[] args) {
        System.exit(Pw2u.run(List.of(args), ToolHome.of(System.getenv()), System.in, System.out, System.err));
    }
}
