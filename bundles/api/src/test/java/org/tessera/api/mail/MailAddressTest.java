package org.tessera.api.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailAddressTest {

    @Test
    void keepsQmailAddressesAsGiven() {
        MailAddress a = new MailAddress("u@evil.test", "Example.COM");
        assertEquals("u@evil.test", a.local());
        assertEquals("Example.COM", a.domain());
        assertEquals(new MailAddress("postmaster", ""), new MailAddress("postmaster", ""));
        assertEquals("", new MailAddress("", "example.com").local());
    }

    @Test
    void constantsAreTheNullAndDoubleBounceSenders() {
        assertEquals(new MailAddress("", ""), MailAddress.NULL_SENDER);
        assertEquals(new MailAddress("#", "[]"), MailAddress.DOUBLE_BOUNCE_SENDER);
        assertNotEquals(MailAddress.NULL_SENDER, MailAddress.DOUBLE_BOUNCE_SENDER);
        assertEquals(MailAddress.NULL_SENDER, MailAddress.parse(""));
        assertEquals(MailAddress.DOUBLE_BOUNCE_SENDER, MailAddress.parse("#@[]"));
        assertEquals("", MailAddress.NULL_SENDER.text());
        assertEquals("#@[]", MailAddress.DOUBLE_BOUNCE_SENDER.text());
    }

    // text | local | domain | hasAt; a line starting with # would be a comment of CsvSource, hence the quotes.
    @ParameterizedTest
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''                      | ''                | ''          | false
            joe                     | joe               | ''          | false
            joe@                    | joe               | ''          | true
            joe@example.com         | joe               | example.com | true
            @example.com            | ''                | example.com | true
            @                       | ''                | ''          | true
            '#@[]'                  | '#'               | []          | true
            u@evil.test@example.com | u@evil.test       | example.com | true
            u@evil.test@            | u@evil.test       | ''          | true
            @@                      | @                 | ''          | true
            list-@example.org-@[]   | list-@example.org- | []         | true
            a%b@Relay.TEST          | a%b               | Relay.TEST  | true
            "a b"@x                 | "a b"             | x           | true
            """)
    void parseSplitsAtTheLastAtAndTextRoundTrips(String text, String local, String domain, boolean hasAt) {
        MailAddress parsed = MailAddress.parse(text);
        assertEquals(new MailAddress(local, domain, hasAt), parsed);
        assertEquals(text, parsed.text());
        assertEquals(text, parsed.toString());
        assertEquals(parsed, MailAddress.parse(parsed.text()));
    }

    @Test
    void anAddressEndingInAtIsNotTheAddressWithoutOne() {
        MailAddress withAt = MailAddress.parse("joe@");
        MailAddress withoutAt = MailAddress.parse("joe");
        assertNotEquals(withAt, withoutAt);
        assertTrue(withAt.hasAt());
        assertFalse(withoutAt.hasAt());
        assertEquals(withAt.domain(), withoutAt.domain());
        assertEquals(withoutAt, new MailAddress("joe", ""), "two components: no domain, no @");
    }

    @Test
    void twoComponentsMakeLocalAtDomainOrTheLocalPartAlone() {
        assertEquals(MailAddress.parse("joe@example.com"), new MailAddress("joe", "example.com"));
        assertEquals("@example.com", new MailAddress("", "example.com").text());
        assertEquals("joe", new MailAddress("joe", "").text());
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new MailAddress(null, "example.com"));
        assertThrows(NullPointerException.class, () -> new MailAddress("joe", null));
        assertThrows(NullPointerException.class, () -> MailAddress.parse(null));
    }

    @Test
    void refusesAnAtInTheDomain() {
        assertThrows(IllegalArgumentException.class, () -> new MailAddress("u", "evil.test@example.com"));
    }

    @Test
    void refusesADomainWithoutAt() {
        assertThrows(IllegalArgumentException.class, () -> new MailAddress("u", "example.com", false));
    }

    @Test
    void refusesNul() {
        assertThrows(IllegalArgumentException.class, () -> new MailAddress("jo\0e", "example.com"));
        assertThrows(IllegalArgumentException.class, () -> new MailAddress("joe", "example\0.com"));
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parse("jo\0e@example.com"));
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parse("joe@example.com\0"));
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parse("\0"));
    }
}
