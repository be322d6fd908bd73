package org.tessera.queue.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatusClassTest {

    @Test
    void qmailsOwnCodeAtTheEndOfAReport() {
        assertEquals("5", StatusClass.of("Sorry, no mailbox here by that name. (#5.1.1)\n"));
        assertEquals("4", StatusClass.of("Unable to write /home/joe/Maildir/tmp: disk full. (#4.3.0)\n"));
        assertEquals("4", StatusClass.of("Connected to 10.0.0.1 but connection died. (#4.4.2)\n"));
    }

    @Test
    void aRemoteServersEnhancedCodeAfterItsReplyCode() {
        assertEquals("5", StatusClass.of("10.0.0.1 does not like recipient.\nRemote host said: 550 5.1.1 <u@x>: unknown\n"));
        assertEquals("2", StatusClass.of("10.0.0.1 accepted message.\nRemote host said: 250 2.0.0 Ok: queued as 4F\n"));
        assertEquals("4", StatusClass.of("10.0.0.1 does not like recipient.\nRemote host said: 451-4.7.1 Greylisted\n"));
    }

    @Test
    void noCodeIsNone() {
        assertEquals(StatusClass.NONE, StatusClass.of("did 1+0+0\n"));
        assertEquals(StatusClass.NONE, StatusClass.of("10.0.0.1 accepted message.\nRemote host said: 250 ok 1712345678 qp 42\n"));
        assertEquals(StatusClass.NONE, StatusClass.of(""));
        // A version number or an address is not a status code.
        assertEquals(StatusClass.NONE, StatusClass.of("program said: v2.1.1.4 done\n"));
        assertEquals(StatusClass.NONE, StatusClass.of("10.0.0.1 said: 250 2.0.0.1 odd\n"));
    }
}
