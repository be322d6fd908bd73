package org.tessera.common.tcprules;

import java.nio.charset.StandardCharsets;

/** A rules line tcprules cannot parse; the message is tcprules' own, without its {@code tcprules: fatal: } prefix. */
public final class TcpRulesSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    TcpRulesSyntaxException(byte[] line) {
        // Latin-1 maps each byte to one character, so the operator sees the line as tcprules prints it.
        super("unable to parse this line: " + new String(line, StandardCharsets.ISO_8859_1));
    }
}
