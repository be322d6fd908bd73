package org.tessera.queue.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.QueuedRecipient.State;
import org.tessera.queue.internal.send.BounceAddressing;
import org.tessera.queue.internal.send.BounceMessage;

/** The envelope and streamed content of the bounce of a finished message (qmail-send(8)). */
final class BounceInjection {

    private BounceInjection() {
    }

    /** The bounce's envelope: from {@code <>} or {@code #@[]}, to the one bounce recipient. */
    static Envelope envelope(BounceAddressing addressing) {
        MailAddress sender = addressing.kind() == BounceAddressing.Kind.DOUBLE
                ? MailAddress.DOUBLE_BOUNCE_SENDER : MailAddress.NULL_SENDER;
        return new Envelope(sender, List.of(MailAddress.parse(addressing.recipient())));
    }

    /**
     * Opens the bounce text: head and recipient blocks from memory (reports are short), then the
     * queued message streamed from the store, so a large message is never held whole.
     */
    static InputStream content(QueuedMail mail, BounceAddressing addressing, ControlFiles controls, long now)
            throws IOException {
        StringBuilder blocks = new StringBuilder();
        for (QueuedMail.Recipient r : mail.recipients) {
            if (r.state == State.FAILED) {
                blocks.append(BounceMessage.recipientBlock(r.target.bounceAddress().text(), r.report));
            }
        }
        BounceMessage bounce = new BounceMessage(addressing, controls.bounceFrom(), controls.bounceHost(), now);
        byte[] prefix = bounce.prefix(blocks.toString()).getBytes(StandardCharsets.UTF_8);
        return new SequenceInputStream(new ByteArrayInputStream(prefix), mail.content.open());
    }
}
