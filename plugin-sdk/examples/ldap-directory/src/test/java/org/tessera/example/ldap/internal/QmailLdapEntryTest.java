package org.tessera.example.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.unboundid.ldap.sdk.Entry;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

/** An entry's attributes as read, and what qmail-ldap makes of its status and delivery mode. */
class QmailLdapEntryTest {

    private static final LdapConfiguration CONFIG =
            Converters.standardConverter().convert(Map.of("baseDn", "dc=example,dc=com")).to(LdapConfiguration.class);

    private static QmailLdapEntry entry(String... ldifLines) throws IOException {
        String[] lines = new String[ldifLines.length + 1];
        lines[0] = "dn: uid=joe,dc=example,dc=com";
        System.arraycopy(ldifLines, 0, lines, 1, ldifLines.length);
        try {
            return QmailLdapEntry.of(new Entry(lines), CONFIG);
        } catch (com.unboundid.ldif.LDIFException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readsQmailLdapsAttributes() throws IOException {
        QmailLdapEntry joe = entry("uid: joe", "mail: joe@example.com", "mailMessageStore: /srv/mail/joe",
                "qmailUID: 2001", "qmailGID: 2000", "mailForwardingAddress: a@x.test", "mailForwardingAddress: b@x.test",
                "accountStatus: Active", "deliveryMode: NoLocal", "userPassword: {SSHA}x");

        assertEquals(new QmailLdapEntry("uid=joe,dc=example,dc=com", "joe", "joe@example.com", "/srv/mail/joe",
                OptionalLong.of(2001), OptionalLong.of(2000), List.of("a@x.test", "b@x.test"), "active", Set.of("nolocal"),
                Optional.of("{SSHA}x")), joe);
        assertEquals(new QmailLdapEntry("uid=joe,dc=example,dc=com", "", "joe@example.com", "", OptionalLong.empty(),
                OptionalLong.empty(), List.of(), "", Set.of(), Optional.empty()), entry("mail: joe@example.com"));
    }

    @Test
    void aMalformedIdIsTheDirectorysErrorNotAGuess() {
        assertThrows(IOException.class, () -> entry("qmailUID: -1"));
        assertThrows(IOException.class, () -> entry("qmailGID: 4294967296"));
        assertThrows(IOException.class, () -> entry("qmailUID: joe"));
    }

    @Test
    void accountStatusDecidesDeliveryAndLoginAsQmailLdapDoes() throws IOException {
        assertTrue(entry().receivesMail() && entry().mayLogIn(), "no status is active");
        assertTrue(entry("accountStatus: active").mayLogIn());
        QmailLdapEntry noaccess = entry("accountStatus: noaccess");
        assertTrue(noaccess.receivesMail());
        assertFalse(noaccess.mayLogIn());
        assertFalse(entry("accountStatus: nopop").mayLogIn());
        for (String gone : new String[] {"disabled", "deleted", "Disabled"}) {
            QmailLdapEntry entry = entry("accountStatus: " + gone);
            assertFalse(entry.receivesMail(), gone);
            assertFalse(entry.mayLogIn(), gone);
        }
    }

    @Test
    void deliveryModeTurnsTheMailboxOrTheForwardsOff() throws IOException {
        assertTrue(entry("mailMessageStore: /m", "mailForwardingAddress: a@x").keepsMailbox());
        assertFalse(entry("mailForwardingAddress: a@x").keepsMailbox(), "no home, no mailbox");
        assertFalse(entry("mailMessageStore: /m", "deliveryMode: nolocal").keepsMailbox());
        assertEquals(List.of("a@x"), entry("mailForwardingAddress: a@x", "deliveryMode: noprogram").forwardingAddresses());
        assertEquals(List.of(), entry("mailForwardingAddress: a@x", "deliveryMode: noforward").forwardingAddresses());
    }
}
