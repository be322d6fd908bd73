package org.tessera.queue.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.QueuedMessage;
import org.tessera.api.queue.QueuedRecipient;
import org.tessera.api.queue.QueuedRecipient.State;
import org.tessera.common.mail.ClassifiedRecipient;
import org.tessera.common.mail.RecipientClassifier;
import org.tessera.queue.internal.store.StoredMessage;

/**
 * One message as the scheduler holds it: the stored envelope and, per recipient, its
 * classification and where its delivery stands. Touched by the scheduler thread only.
 */
final class QueuedMail {

    /** One envelope recipient; {@code nextAttempt} in epoch seconds, 0 meaning now. */
    static final class Recipient {
        final int index;
        final ClassifiedRecipient target;
        final MailAddress address;
        State state;
        long nextAttempt;
        /** Which of the scheduler's waiting-line entries for this recipient is the live one. */
        long stamp;
        Instant since;
        String report;
        /** Whether a delivery was tried and deferred: pending, it counts as deferred rather than waiting. */
        boolean tried;

        Recipient(int index, ClassifiedRecipient target, State state, String report, Instant since) {
            this.index = index;
            this.target = target;
            this.address = target.address();
            this.state = state;
            this.report = report;
            this.since = since;
        }

        Channel channel() {
            return target.channel();
        }

        boolean done() {
            return state == State.DELIVERED || state == State.FAILED;
        }
    }

    final StoredMessage stored;
    final MessageContent content;
    final String sender;
    final List<Recipient> recipients;
    /** Set by the administrator's remove: reports still coming are dropped. */
    boolean removed;
    /** Set once the message is finished and its bounce (if any) is under way. */
    boolean finishing;
    /** The administrator's bounce reason: every report but success becomes this failure. */
    String bounceReason;
    /** Set once its bounce is first tried: it stays bouncing until it is ended. */
    boolean bouncing;

    QueuedMail(StoredMessage stored, MessageContent content, RecipientClassifier classifier, Instant now) {
        this.stored = stored;
        this.content = content;
        this.sender = stored.envelope().sender().text();
        List<Recipient> list = new ArrayList<>();
        List<MailAddress> envelope = stored.envelope().recipients();
        for (int i = 0; i < envelope.size(); i++) {
            // Classified anew at each load: the result is not stored, so a recipient classified
            // before a change of locals/virtualdomains and not yet delivered follows the new files.
            Recipient r = new Recipient(i, classifier.classify(envelope.get(i)), stored.states().get(i),
                    stored.reports().get(i), now);
            r.nextAttempt = stored.nextAttempts().get(i);
            // A deferral records its report and next attempt; a recipient never tried has neither.
            r.tried = r.nextAttempt > 0 || !r.report.isEmpty();
            list.add(r);
        }
        this.recipients = List.copyOf(list);
    }

    long id() {
        return stored.id();
    }

    long birthSeconds() {
        return stored.birth().getEpochSecond();
    }

    boolean finished() {
        return recipients.stream().allMatch(Recipient::done);
    }

    boolean hasFailures() {
        return recipients.stream().anyMatch(r -> r.state == State.FAILED);
    }

    QueuedMessage snapshot() {
        List<QueuedRecipient> list = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) {
            // A pending recipient never deferred has been due since it was taken up.
            Instant when = r.state == State.PENDING && r.nextAttempt > 0 ? Instant.ofEpochSecond(r.nextAttempt) : r.since;
            list.add(new QueuedRecipient(r.address, r.channel(), r.state, when, r.report));
        }
        return new QueuedMessage(id(), stored.birth(), stored.size(), stored.envelope().sender(), stored.qp(),
                stored.uid(), list);
    }
}
