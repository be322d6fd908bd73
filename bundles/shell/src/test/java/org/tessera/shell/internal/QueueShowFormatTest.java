package org.tessera.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.QueuedMessage;
import org.tessera.api.queue.QueuedRecipient;
import org.tessera.api.queue.QueuedRecipient.State;

class QueueShowFormatTest {

    @Test
    void showsEnvelopeRecipientsAndHeader() {
        QueuedMessage m = new QueuedMessage(42, QueueFormatTest.BIRTH, 812, new MailAddress("alice", "a.example"),
                3301, 89, List.of(
                        new QueuedRecipient(new MailAddress("bob", "b.example"), Channel.REMOTE, State.PENDING,
                                QueueFormatTest.NOW.plusSeconds(600),
                                "Connected to 192.0.2.1 but greeting failed./Remote host said: 421 busy"),
                        new QueuedRecipient(new MailAddress("carol", "c.example"), Channel.REMOTE, State.FAILED,
                                QueueFormatTest.NOW.minusSeconds(60), "Sorry, no mailbox here by that name. (#5.1.1)"),
                        new QueuedRecipient(new MailAddress("dan", "a.example"), Channel.LOCAL, State.PENDING,
                                QueueFormatTest.BIRTH, "")));
        MessageHeader header = new MessageHeader(List.of("Received: (qmail 3301 invoked by uid 89)", "Subject: hi"),
                true);
        assertEquals(List.of(
                "message #42",
                "  queued:  1 Dec 2026 08:05:09 GMT (age 2h05m)",
                "  size:    812 bytes",
                "  sender:  <alice@a.example>",
                "  qp:      3301  uid 89",
                "  state:   1 of 3 recipients done, bouncing",
                "recipients: 3",
                "  remote\tbob@b.example",
                "    pending, next attempt in 10m00s (due 1 Dec 2026 10:20:16 GMT)",
                "    last report: Connected to 192.0.2.1 but greeting failed./Remote host said: 421 busy",
                "  remote\tcarol@c.example",
                "    failed 1m00s ago (since 1 Dec 2026 10:09:16 GMT)",
                "    last report: Sorry, no mailbox here by that name. (#5.1.1)",
                "  local\tdan@a.example",
                "    pending, next attempt now (due 1 Dec 2026 08:05:09 GMT)",
                "header:",
                "  Received: (qmail 3301 invoked by uid 89)",
                "  Subject: hi",
                "  [header longer than 65536 bytes; the rest not shown]"),
                QueueShowFormat.lines(m, header, QueueFormatTest.NOW));
    }

    @Test
    void aMessageThatLeftWhileReadHasNoHeader() {
        QueuedMessage m = new QueuedMessage(1, QueueFormatTest.BIRTH, 0, MailAddress.NULL_SENDER, 1, 0, List.of());
        List<String> lines = QueueShowFormat.lines(m, null, QueueFormatTest.BIRTH);
        assertEquals("  state:   not yet preprocessed", lines.get(5));
        assertEquals("header: (the message left the queue while it was read)", lines.get(lines.size() - 1));
    }
}
