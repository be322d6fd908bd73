package org.tessera.api.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

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
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new MailAddress(null, "example.com"));
        assertThrows(NullPointerException.class, () -> new MailAddress("joe", null));
    }

    @Test
    void refusesAnAtInTheDomain() {
        assertThrows(IllegalArgumentException.class, () -> new MailAddress("u", "evil.test@example.com"));
    }

    @Test
    void refusesNul() {
        assertThrows(IllegalArgumentException.class, () -> new MailAddress("jo\0e", "example.com"));
        assertThrows(IllegalArgumentException.class, () -> new MailAddress("joe", "example\0.com"));
    }
}
