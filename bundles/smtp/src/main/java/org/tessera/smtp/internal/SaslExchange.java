package org.tessera.smtp.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * One SMTP AUTH exchange (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms, from the AUTH
 * command to the credentials: each client line in, the next step out. A line of {@code *} cancels, a
 * line that is not base64 ends the exchange with 501, a line longer than RFC 4954's 12,288 octets with
 * 500, and a PLAIN authorization identity other than the authentication identity is refused: a user
 * acts only as itself.
 */
final class SaslExchange {

    /** RFC 4954 §4: the longest line of an exchange, the AUTH command included. */
    static final int MAX_LINE = 12288;

    static final Reply UNKNOWN_MECHANISM = Reply.of("504 5.5.4 unrecognized authentication type");
    static final Reply CANCELLED = Reply.of("501 5.0.0 authentication cancelled");
    static final Reply NOT_BASE64 = Reply.of("501 5.5.2 cannot decode the response");
    static final Reply MALFORMED = Reply.of("501 5.5.2 malformed PLAIN response");
    static final Reply LINE_TOO_LONG = Reply.of("500 5.5.6 authentication exchange line is too long");
    static final Reply OTHER_IDENTITY = Reply.of("535 5.7.8 authorization identity must be the user's own");

    /** What follows a line: a challenge for the client, an end with a reply, or the credentials to check. */
    sealed interface Step permits Challenge, Refused, Credentials {
    }

    /** {@code 334 <text>}: the exchange goes on. */
    record Challenge(String base64) implements Step {
    }

    /** The exchange ends with this reply; nothing is checked. */
    record Refused(Reply reply) implements Step {
    }

    /** The exchange is complete: the login and password to check (the caller clears the password). */
    record Credentials(String mechanism, String login, byte[] password) implements Step {
    }

    private static final String USERNAME = b64("Username:");
    private static final String PASSWORD = b64("Password:");

    private final String mechanism;
    private String login;

    private SaslExchange(String mechanism) {
        this.mechanism = mechanism;
    }

    /** The mechanism, upper case: {@code PLAIN} or {@code LOGIN}. */
    String mechanism() {
        return mechanism;
    }

    /**
     * Starts an exchange from the AUTH command's argument ({@code mechanism [initial-response]}).
     *
     * @return the exchange, or null when the mechanism is not one of ours (then {@link #UNKNOWN_MECHANISM})
     */
    static SaslExchange start(String mechanism) {
        String name = mechanism.toUpperCase(Locale.ROOT);
        return name.equals("PLAIN") || name.equals("LOGIN") ? new SaslExchange(name) : null;
    }

    /** The first step: the initial response if the client sent one ({@code =} is an empty one), else a challenge. */
    Step begin(String initialResponse) {
        if (initialResponse.isEmpty()) {
            return new Challenge(mechanism.equals("PLAIN") ? "" : USERNAME);
        }
        return respond(initialResponse);
    }

    /** The client's next line, its line end removed. */
    Step respond(String line) {
        if (line.equals("*")) {
            return new Refused(CANCELLED);
        }
        byte[] decoded;
        try {
            decoded = line.equals("=") ? new byte[0] : Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            return new Refused(NOT_BASE64);
        }
        if (mechanism.equals("PLAIN")) {
            return plain(decoded);
        }
        if (login == null) {
            login = new String(decoded, StandardCharsets.UTF_8);
            return new Challenge(PASSWORD);
        }
        return new Credentials(mechanism, login, decoded);
    }

    // authzid NUL authcid NUL passwd
    private Step plain(byte[] response) {
        int first = indexOf(response, 0);
        int second = first < 0 ? -1 : indexOf(response, first + 1);
        if (second < 0 || indexOf(response, second + 1) >= 0) {
            Arrays.fill(response, (byte) 0);
            return new Refused(MALFORMED);
        }
        String authorization = new String(response, 0, first, StandardCharsets.UTF_8);
        String authentication = new String(response, first + 1, second - first - 1, StandardCharsets.UTF_8);
        byte[] password = Arrays.copyOfRange(response, second + 1, response.length);
        Arrays.fill(response, (byte) 0);
        if (!authorization.isEmpty() && !authorization.equals(authentication)) {
            Arrays.fill(password, (byte) 0);
            return new Refused(OTHER_IDENTITY);
        }
        return new Credentials(mechanism, authentication, password);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
