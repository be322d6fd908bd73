package org.tessera.queue.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.api.mail.MailAddress;

class VerpTest {

    /** The expansion of queued texts, as qmail-send's senderadd takes them. */
    private static String expand(String sender, String recipient) {
        return Verp.expand(MailAddress.parse(sender), MailAddress.parse(recipient)).text();
    }

    @Test
    void specExample() {
        assertEquals("list-joe=x.com@example.org", expand("list-@example.org-@[]", "joe@x.com"));
    }

    @Test
    void generalForm() {
        assertEquals("prebox=dom@host", expand("pre@host-@[]", "box@dom"));
    }

    @Test
    void virtualDomainPrependIsPartOfRecipient() {
        assertEquals("list-joe-foo-info=nowhere.mil@example.org",
                expand("list-@example.org-@[]", "joe-foo-info@nowhere.mil"));
    }

    @Test
    void lastAtOfRecipientAndSenderSplit() {
        assertEquals("x@yu@v=dom@host", expand("x@y@host-@[]", "u@v@dom"));
    }

    @Test
    void noExpansionWithoutAtBeforeSuffix() {
        assertEquals("pre-@[]", expand("pre-@[]", "box@dom"));
        assertEquals("-@[]", expand("-@[]", "box@dom"));
    }

    @Test
    void noExpansionWhenRecipientHasNoAt() {
        assertEquals("pre@host-@[]", expand("pre@host-@[]", "box"));
    }

    @Test
    void aRecipientEndingInAtIsExpandedWithItsEmptyDomain() {
        assertEquals("prebox=@host", expand("pre@host-@[]", "box@"));
    }

    @Test
    void nonVerpSendersUnchanged() {
        assertEquals("joe@example.com", expand("joe@example.com", "box@dom"));
        assertEquals("", expand("", "box@dom"));
        assertEquals("#@[]", expand("#@[]", "box@dom"));
        assertEquals("joe@[]", expand("joe@[]", "box@dom"));
    }

    @Test
    void mailAddressForm() {
        assertEquals(new MailAddress("list-joe=x.com", "example.org"),
                Verp.expand(new MailAddress("list-@example.org-", "[]"), new MailAddress("joe", "x.com")));
        MailAddress plain = new MailAddress("joe", "example.com");
        assertEquals(plain, Verp.expand(plain, new MailAddress("box", "dom")));
        assertEquals(MailAddress.NULL_SENDER, Verp.expand(MailAddress.NULL_SENDER, new MailAddress("box", "dom")));
        MailAddress noAt = new MailAddress("pre-", "[]");
        assertEquals(noAt, Verp.expand(noAt, new MailAddress("box", "dom")));
    }

    @Test
    void stripForBounces() {
        assertTrue(Verp.isVerp("pre@host-@[]"));
        assertFalse(Verp.isVerp("pre@host"));
        assertEquals("pre@host", Verp.strip("pre@host-@[]"));
        assertEquals("user-@host", Verp.strip("user-@host-@[]"));
        assertEquals("joe@example.com", Verp.strip("joe@example.com"));
        assertEquals("#@[]", Verp.strip("#@[]"));
    }
}
