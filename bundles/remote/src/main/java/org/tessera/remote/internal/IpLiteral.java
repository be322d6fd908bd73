package org.tessera.remote.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP literals as qmail's ip_scan and ip_scanbracket take them: {@code 1.2.3.4} or {@code [1.2.3.4]}. */
final class IpLiteral {

    private static final Pattern DOTTED = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    /** The address of a dotted quad, bracketed or not, whole; empty for anything else (a host name). */
    static Optional<InetAddress> parse(String host) {
        String s = host.length() > 2 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
        var m = DOTTED.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int part = Integer.parseInt(m.group(i + 1));
            if (part > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) part;
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Whether the text is a dotted quad or an IPv6 literal, so that resolving it asks no DNS. */
    static boolean isIpLiteral(String text) {
        return parse(text).isPresent() || V6.matcher(text).matches();
    }
}
