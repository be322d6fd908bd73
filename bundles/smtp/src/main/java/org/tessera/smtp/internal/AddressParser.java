package org.tessera.smtp.internal;

import java.util.Optional;
import java.util.function.Predicate;

import org.tessera.api.mail.MailAddress;

/**
 * qmail-smtpd's {@code addrparse()}, the same for MAIL and RCPT: the words
 * {@code FROM}/{@code TO} are never checked, a source route is dropped, quotes and backslashes
 * are removed, an address literal naming this host becomes {@code localiphost}, and anything
 * over 899 bytes is a syntax error.
 */
final class AddressParser {

    /** The longest address qmail-smtpd accepts, in bytes. */
    static final int MAX_ADDRESS = 899;

    private AddressParser() {
    }

    /**
     * Parses the argument of MAIL or RCPT.
     *
     * @param argument the text after the verb, e.g. {@code FROM:<a@b>}
     * @param localIpHost {@code control/localiphost}, or empty when literals are left alone
     * @param isThisHost whether an IP address (inside the brackets) is one of this host's
     * @return the address, or empty when it is longer than {@value #MAX_ADDRESS} bytes (555)
     */
    static Optional<String> parse(String argument, Optional<String> localIpHost, Predicate<String> isThisHost) {
        char terminator = '>';
        int start = argument.indexOf('<');
        if (start >= 0) {
            start++;
        } else {
            // The partner should go read RFC 821: take the word after the colon.
            terminator = ' ';
            int colon = argument.indexOf(':');
            start = colon < 0 ? argument.length() : colon + 1;
            while (start < argument.length() && argument.charAt(start) == ' ') {
                start++;
            }
        }
        if (start < argument.length() && argument.charAt(start) == '@') {
            int colon = argument.indexOf(':', start);
            start = colon < 0 ? argument.length() : colon + 1;
        }
        StringBuilder address = new StringBuilder();
        boolean escaped = false;
        boolean quoted = false;
        for (int i = start; i < argument.length(); i++) {
            char c = argument.charAt(i);
            if (escaped) {
                address.append(c);
                escaped = false;
            } else if (!quoted && c == terminator) {
                break;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                quoted = !quoted;
            } else {
                address.append(c);
            }
        }
        String parsed = localIpHost.map(host -> substituteLiteral(address.toString(), host, isThisHost))
                .orElse(address.toString());
        if (parsed.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ADDRESS) {
            return Optional.empty();
        }
        return Optional.of(parsed);
    }

    // addrparse's liphost step: "u@[1.2.3.4]" with 1.2.3.4 one of ours becomes "u@<localiphost>", the
    // text after the last '@' replaced (qmail-smtpd appends control/localiphost to the text as it is).
    private static String substituteLiteral(String address, String localIpHost, Predicate<String> isThisHost) {
        String domain = MailAddress.parse(address).domain();
        if (!domain.startsWith("[") || !domain.endsWith("]")) {
            return address;
        }
        String ip = domain.substring(1, domain.length() - 1);
        if (!isDottedQuad(ip) || !isThisHost.test(ip)) {
            return address;
        }
        return address.substring(0, address.length() - domain.length()) + localIpHost;
    }

    // ip_scanbracket accepts exactly four dot-separated decimal numbers, each at most 255.
    static boolean isDottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
