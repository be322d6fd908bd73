package org.tessera.common.listener;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first line of a {@code sendmail -bs} connection, written by the tool and read by the server's
 * local-injection listener: {@value #WORD}, then {@code NAME=VALUE} words for the caller's qmail-smtpd
 * variables, each value's UTF-8 bytes outside {@code !}..{@code ~} and its {@code %} as {@code %XX},
 * then CRLF.
 */
public final class SendmailBsLine {

    public static final String WORD = "TESSERA-SENDMAIL-BS";
    /** The variables of qmail-smtpd's environment the line carries; others are not sent, and ignored when read. */
    public static final List<String> VARIABLES = List.of("PROTO", "RELAYCLIENT", "DATABYTES", "TCPLOCALIP",
            "TCPLOCALHOST", "TCPLOCALPORT", "TCPREMOTEIP", "TCPREMOTEHOST", "TCPREMOTEINFO", "TCPREMOTEPORT");

    private SendmailBsLine() {
    }

    /** The line for these variables, in their map's order. */
    public static String write(Map<String, String> variables) {
        StringBuilder line = new StringBuilder(WORD);
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            line.append(' ').append(variable.getKey()).append('=');
            for (byte b : variable.getValue().getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                if (c > ' ' && c <= '~' && c != '%') {
                    line.append((char) c);
                } else {
                    line.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                }
            }
        }
        return line.append("\r\n").toString();
    }

    /** The variables of a line (its line end included) that are in {@link #VARIABLES}; empty when it is not one. */
    public static Optional<Map<String, String>> read(String line) {
        String text = line.endsWith("\r\n") ? line.substring(0, line.length() - 2)
                : line.endsWith("\n") ? line.substring(0, line.length() - 1) : null;
        if (text == null) {
            return Optional.empty();
        }
        String[] words = text.split(" ", -1);
        if (!words[0].equals(WORD)) {
            return Optional.empty();
        }
        Map<String, String> environment = new HashMap<>();
        for (int i = 1; i < words.length; i++) {
            int equals = words[i].indexOf('=');
            if (equals <= 0) {
                return Optional.empty();
            }
            String name = words[i].substring(0, equals);
            Optional<String> value = decode(words[i].substring(equals + 1));
            if (value.isEmpty()) {
                return Optional.empty();
            }
            if (VARIABLES.contains(name)) {
                environment.put(name, value.get());
            }
        }
        return Optional.of(environment);
    }

    private static Optional<String> decode(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    return Optional.empty();
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > ' ' && c <= '~') {
                bytes.write(c);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }
}
