package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tessera.api.mail.MailAddress;
import org.tessera.testkit.MemoryControlFiles;

class SenderLoginTest {

    private final MemoryControlFiles control = new MemoryControlFiles().locals("example.com")
            .virtualDomains("virtual.test:joe", "shared.test:shared", "sue@mixed.test:sue");

    @ParameterizedTest(name = "{0} {1} as {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            any           | joe             | anyone@anywhere.test     | true
            own-domain    | joe             | sue@example.com          | true
            own-domain    | joe             | joe@virtual.test         | true
            own-domain    | joe             | joe@elsewhere.test       | false
            own-domain    | joe@club.test   | ann@club.test            | true
            own-domain    | joe@club.test   | joe@example.com          | false
            own-addresses | joe             | joe@example.com          | true
            own-addresses | joe             | Joe-Lists@EXAMPLE.com    | true
            own-addresses | joe             | joey@example.com         | false
            own-addresses | joe             | sue@example.com          | false
            own-addresses | joe             | anything@virtual.test    | true
            own-addresses | joe             | joe@shared.test          | false
            own-addresses | joe             | joe@elsewhere.test       | false
            own-addresses | sue             | sue@mixed.test           | true
            own-addresses | joe@club.test   | joe@club.test            | true
            own-addresses | joe@club.test   | joe-x@club.test          | true
            own-addresses | joe@club.test   | ann@club.test            | false
            own-addresses | joe             | ''                       | true
            """)
    void whoMaySendAsWhom(String rule, String login, String sender, boolean allowed) {
        assertEquals(allowed, SenderLogin.of(rule).allows(control, login, MailAddress.parse(sender)));
    }

    @org.junit.jupiter.api.Test
    void anUnknownRuleIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> SenderLogin.of("everyone"));
    }
}
