package org.tessera.api.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MailUserTest {

    @Test
    void keepsQmailUsersFields() {
        MailUser u = new MailUser("alias", 7790, 2108, "/var/qmail/alias", "-", "Postmaster");
        assertEquals("Postmaster", u.ext());
        assertEquals(MailUser.MAX_ID, new MailUser("x", MailUser.MAX_ID, 0, "", "", "").uid());
    }

    @Test
    void refusesIdsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new MailUser("joe", -1, 100, "/home/joe", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new MailUser("joe", 507, -1, "/home/joe", "", ""));
        assertThrows(IllegalArgumentException.class,
                () -> new MailUser("joe", MailUser.MAX_ID + 1, 100, "/home/joe", "", ""));
        assertThrows(IllegalArgumentException.class,
                () -> new MailUser("joe", 507, MailUser.MAX_ID + 1, "/home/joe", "", ""));
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new MailUser(null, 507, 100, "/home/joe", "", ""));
        assertThrows(NullPointerException.class, () -> new MailUser("joe", 507, 100, null, "", ""));
        assertThrows(NullPointerException.class, () -> new MailUser("joe", 507, 100, "/home/joe", null, ""));
        assertThrows(NullPointerException.class, () -> new MailUser("joe", 507, 100, "/home/joe", "", null));
    }
}
