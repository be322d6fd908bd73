package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Control files as an administrator (or a broken tool) may leave them, read with qmail's three readers
 * (one line, a number, a list) and looked up as the queue and the listeners look them up: smtproutes,
 * virtualdomains and badmailfrom never fail a lookup, whatever their lines and the address looked up.
 */
class ControlFilesFuzzTest {

    @FuzzTest
    void controlFiles(FuzzedDataProvider data) {
        byte[] smtproutes = data.consumeBytes(data.consumeInt(0, 512));
        byte[] virtualdomains = data.consumeBytes(data.consumeInt(0, 512));
        byte[] badmailfrom = data.consumeBytes(data.consumeInt(0, 512));
        String address = withoutNul(data.consumeString(300));
        byte[] single = data.consumeRemainingAsBytes();

        String line = ControlParsers.line(single);
        assertFalse(line.contains("\n"), "one line");
        ControlParsers.number(single).ifPresent(n -> assertTrue(n >= 0, "a number is never negative"));
        for (String listed : ControlParsers.list(single)) {
            assertFalse(listed.isEmpty() || listed.startsWith("#") || listed.contains("\n"), listed);
            assertFalse(listed.endsWith(" ") || listed.endsWith("\t"), "trailing blanks are removed");
        }
        assertEquals(ControlParsers.lower(ControlParsers.lower(address)), ControlParsers.lower(address));

        String domain = address.substring(address.lastIndexOf('@') + 1);
        new SmtpRoutes(ControlParsers.list(smtproutes)).find(domain)
                .ifPresent(route -> assertTrue(route.port() >= 1 && route.port() <= 65535, "a usable port"));
        new VirtualDomains(ControlParsers.list(virtualdomains)).find(address);
        new BadMailFrom(ControlParsers.list(badmailfrom)).matches(address);
    }

    // Addresses reach these lookups from the envelope, where a NUL never gets (SMTP ends a line at it,
    // QMTP and QMQP refuse it).
    private static String withoutNul(String text) {
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }
}
