package org.tessera.tools.inject;

import java.util.Optional;

/** Ends a qmail-inject run: the text for standard error (one char per byte) and the exit code. */
final class InjectFailure extends Exception {

    private static final long serialVersionUID = 1L;

    static final int PERMANENT = 100;
    static final int TEMPORARY = 111;

    private static final String FATAL = "qmail-inject: fatal: ";

    private final transient String diagnostic;
    private final int exitCode;

    private InjectFailure(String diagnostic, int exitCode) {
        // a diagnostic for the user, not a bug: no stack trace to fill in
        super(diagnostic.strip(), null, false, false);
        this.diagnostic = diagnostic;
        this.exitCode = exitCode;
    }

    /** The line (a header field with its newline, or a text that has none) follows on a line of its own. */
    static InjectFailure unparsableLine(String line) {
        return new InjectFailure(FATAL + "unable to parse this line:\n" + line, PERMANENT);
    }

    /** The parsed value, or the failure for the line that would not parse. */
    static <T> T parsedOrFail(Optional<T> parsed, String line) throws InjectFailure {
        if (parsed.isEmpty()) {
            throw unparsableLine(line);
        }
        return parsed.get();
    }

    static InjectFailure unparsableAddress(String argument) {
        return new InjectFailure(FATAL + "unable to parse address: " + argument + "\n", PERMANENT);
    }

    static InjectFailure readError() {
        return new InjectFailure(FATAL + "read error\n", TEMPORARY);
    }

    /** qmail's answer to any allocation failure; here also to a header over the size limit. */
    static InjectFailure outOfMemory() {
        return new InjectFailure(FATAL + "out of memory\n", TEMPORARY);
    }

    /** What qmail-inject says when writing to qmail-queue fails; here writing the temporary file. */
    static InjectFailure writeError() {
        return new InjectFailure(FATAL + "qq write error or disk full (#4.3.0)\n", TEMPORARY);
    }

    /** The option parser has printed the usage complaint already. */
    static InjectFailure badOption() {
        return new InjectFailure("", PERMANENT);
    }

    String diagnostic() {
        return diagnostic;
    }

    int exitCode() {
        return exitCode;
    }
}
