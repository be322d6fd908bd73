package org.tessera.common.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * One SASL exchange with the PLAIN (RFC 4616) and LOGIN mechanisms, from the command that starts it
 * (SMTP's AUTH, RFC 4954; POP3's AUTH, RFC 5034) to the credentials: each client line in, the next
 * step out. What is the same in both protocols is here; each protocol words the steps in its replies
 * ({@code 334}/{@code +} challenges, its own errors). A line of {@code *} cancels, a line that is not
 * base64 ends the exchange, and a PLAIN authorization identity other than the authentication identity
 * is refused: a user acts only as itself.
 */
public final class SaslExchange {

    /** RFC 4954 §4: the longest line of an exchange, the command included; POP3 takes the same bound. */
    public static final int MAX_LINE = 12288;

    /** Why an exchange ended, or never began, without credentials. */
    public enum Refusal {
        /** An AUTH command whose argument is not {@code mechanism [initial-response]}. */
        SYNTAX,
        /** A mechanism other than PLAIN and LOGIN. */
        UNKNOWN_MECHANISM,
        /** The client sent {@code *}. */
        CANCELLED,
        /** A line that is not base64. */
        NOT_BASE64,
        /** A PLAIN response that is not {@code authzid NUL authcid NUL passwd}. */
        MALFORMED,
        /** A PLAIN authorization identity other than the authentication identity. */
        OTHER_IDENTITY
    }

    /** What follows a line: a challenge for the client, an end without credentials, or the credentials to check. */
    public sealed interface Step permits Challenge, Refused, Credentials {
    }

    /** The exchange goes on: the server's challenge, in base64 (empty for an empty challenge). */
    public record Challenge(String base64) implements Step {
    }

    /** The exchange ends; nothing is checked. */
    public record Refused(Refusal why) implements Step {
    }

    /** The exchange is complete: the login and password to check (the caller clears the password). */
    public record Credentials(String mechanism, String login, byte[] password) implements Step {
    }

    /** The exchange an AUTH command opens, and its first step; no exchange when that step is a refusal. */
    public record Opening(SaslExchange exchange, Step first) {
    }

    private static final String USERNAME = b64("Username:");
    private static final String PASSWORD = b64("Password:");

    private final String mechanism;
    private String login;

    private SaslExchange(String mechanism) {
        this.mechanism = mechanism;
    }

    /** The mechanism, upper case: {@code PLAIN} or {@code LOGIN}. */
    public String mechanism() {
        return mechanism;
    }

    /**
     * Starts an exchange for a mechanism named by the client, in any case.
     *
     * @return the exchange, or null when the mechanism is not one of ours
     */
    public static SaslExchange start(String mechanism) {
        String name = mechanism.toUpperCase(Locale.ROOT);
        return name.equals("PLAIN") || name.equals("LOGIN") ? new SaslExchange(name) : null;
    }

    /**
     * Opens the exchange of an AUTH command from its argument, {@code mechanism [initial-response]}
     * (the verb and the spaces after it removed).
     */
    public static Opening open(String argument) {
        String[] words = argument.split(" +", -1);
        if (argument.isEmpty() || words.length > 2) {
            return new Opening(null, new Refused(Refusal.SYNTAX));
        }
        SaslExchange exchange = start(words[0]);
        if (exchange == null) {
            return new Opening(null, new Refused(Refusal.UNKNOWN_MECHANISM));
        }
        return new Opening(exchange, exchange.begin(words.length == 2 ? words[1] : ""));
    }

    /** The first step: the initial response if the client sent one ({@code =} is an empty one), else a challenge. */
    public Step begin(String initialResponse) {
        if (initialResponse.isEmpty()) {
            return new Challenge(mechanism.equals("PLAIN") ? "" : USERNAME);
        }
        return respond(initialResponse);
    }

    /** The client's next line, its line end removed. */
    public Step respond(String line) {
        if (line.equals("*")) {
            return new Refused(Refusal.CANCELLED);
        }
        byte[] decoded;
        try {
            decoded = line.equals("=") ? new byte[0] : Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            return new Refused(Refusal.NOT_BASE64);
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
            return new Refused(Refusal.MALFORMED);
        }
        String authorization = new String(response, 0, first, StandardCharsets.UTF_8);
        String authentication = new String(response, first + 1, second - first - 1, StandardCharsets.UTF_8);
        byte[] password = Arrays.copyOfRange(response, second + 1, response.length);
        Arrays.fill(response, (byte) 0);
        if (!authorization.isEmpty() && !authorization.equals(authentication)) {
            Arrays.fill(password, (byte) 0);
            return new Refused(Refusal.OTHER_IDENTITY);
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
