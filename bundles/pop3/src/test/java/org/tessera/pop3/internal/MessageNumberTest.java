package org.tessera.pop3.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MessageNumberTest {

    @Test
    void bodyLinesFollowTheMessageNumber() {
        assertEquals(-1, MessageNumber.bodyLines("1"));
        assertEquals(5, MessageNumber.bodyLines("1 5"));
        assertEquals(5, MessageNumber.bodyLines("1   5x"));
        assertEquals(-1, MessageNumber.bodyLines("1 x"));
        assertEquals(0, MessageNumber.bodyLines("1 0"));
        assertEquals(Long.MAX_VALUE - 1, MessageNumber.bodyLines("1 99999999999999999999999"));
    }

    @Test
    void numbersAreLeadingDigits() {
        assertEquals(12, MessageNumber.number("12abc"));
        assertEquals(0, MessageNumber.digits("x1", 0));
        assertEquals(Long.MAX_VALUE, MessageNumber.value("99999999999999999999999", 0, 23));
    }

    @Test
    void errorsAreQmailPop3dsInItsOrder(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Mailbox box = MailboxTest.mailbox(dir, 2);
        assertArrayEquals(Replies.SYNTAX_ERROR, MessageNumber.error("", box));
        assertArrayEquals(Replies.SYNTAX_ERROR, MessageNumber.error("x", box));
        assertArrayEquals(Replies.COUNTED_FROM_ONE, MessageNumber.error("0", box));
        assertArrayEquals(Replies.NOT_THAT_MANY, MessageNumber.error("3", box));
        assertArrayEquals(Replies.NOT_THAT_MANY, MessageNumber.error("99999999999999999999", box));
        assertNull(MessageNumber.error("2", box));
        box.message(2).deleted = true;
        assertArrayEquals(Replies.ALREADY_DELETED, MessageNumber.error("2 junk", box));
    }
}
