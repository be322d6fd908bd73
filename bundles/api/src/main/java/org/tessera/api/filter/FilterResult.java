package org.tessera.api.filter;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link MessageFilter}'s answer for a message.
 *
 * @param outcome accept, reject or defer
 * @param code the SMTP reply code: 500 to 599 for {@link Outcome#REJECT}, 400 to 499 for
 *        {@link Outcome#DEFER}, 0 for {@link Outcome#ACCEPT}
 * @param text the reply text after the code, one line (QMTP sends it after {@code D} or
 *        {@code Z}); empty for {@link Outcome#ACCEPT}
 * @param headers header fields to add when accepting, each one field without its final LF, for
 *        example {@code X-Spam-Status: No}; a field may be folded with {@code LF} followed by a
 *        space or tab; empty unless accepting
 */
@ConsumerType
public record FilterResult(Outcome outcome, int code, String text, List<String> headers) {

    /** Accept and add nothing. */
    public static final FilterResult ACCEPT = new FilterResult(Outcome.ACCEPT, 0, "", List.of());

    /**
     * Validates the components and copies the header list: the code must belong to the
     * outcome, a refusal needs a one-line text, and each header must be one well-formed field
     * (a name of printable ASCII without space before a {@code :}, no CR, every LF followed by a
     * space or tab, no final LF) so that no filter can end the header or add a body.
     *
     * @param outcome not null
     * @param code in the range of the outcome
     * @param text not null, without CR or LF; not blank for a refusal, empty for acceptance
     * @param headers not null, without null elements, each well-formed; empty unless accepting
     * @throws NullPointerException when a component or a header is null
     * @throws IllegalArgumentException when the components do not fit together or a header is malformed
     */
    public FilterResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(text, "text");
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("text must be one line");
        }
        switch (outcome) {
            case ACCEPT -> {
                if (code != 0 || !text.isEmpty()) {
                    throw new IllegalArgumentException("ACCEPT has no code and no text");
                }
            }
            case REJECT -> requireRefusal(code, 500, text, headers);
            case DEFER -> requireRefusal(code, 400, text, headers);
        }
        headers.forEach(FilterResult::requireField);
    }

    /**
     * Checks a rejection or deferral: code in {@code base} to {@code base + 99}, a text, no headers.
     *
     * @param code the reply code
     * @param base 400 or 500
     * @param text the reply text
     * @param headers the header fields
     */
    private static void requireRefusal(int code, int base, String text, List<String> headers) {
        if (code < base || code > base + 99) {
            throw new IllegalArgumentException("code " + code + " not in " + base + "-" + (base + 99));
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("a refusal needs a text");
        }
        if (!headers.isEmpty()) {
            throw new IllegalArgumentException("only an acceptance adds headers");
        }
    }

    /**
     * Checks that a header field is one well-formed field that cannot end the header.
     *
     * @param field the header field
     */
    private static void requireField(String field) {
        int colon = field.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("header field without a name: " + field);
        }
        for (int i = 0; i < colon; i++) {
            char c = field.charAt(i);
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException("bad character in header name: " + field);
            }
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\r' || c == '\0') {
                throw new IllegalArgumentException("CR or NUL in header field: " + field);
            }
            if (c == '\n' && (i + 1 == field.length() || (field.charAt(i + 1) != ' ' && field.charAt(i + 1) != '\t'))) {
                throw new IllegalArgumentException("LF not followed by a space or tab in header field: " + field);
            }
        }
    }

    /** The answers of a filter. */
    @ConsumerType
    public enum Outcome {
        /** Let the message through, possibly with header fields added; the next filter is asked. */
        ACCEPT,
        /** Refuse it for good (SMTP 5xx); no further filter is asked. */
        REJECT,
        /** Refuse it for now (SMTP 4xx); no further filter is asked. */
        DEFER
    }
}
