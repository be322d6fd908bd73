package org.tessera.queue.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.tessera.api.mail.MessageContent;
import org.tessera.api.maillog.MailLogLine;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeferralReason;
import org.tessera.api.queue.QueueAdmin;
import org.tessera.api.queue.QueueStatus;
import org.tessera.api.queue.QueuedMessage;
import org.tessera.api.queue.QueuedRecipient.State;
import org.tessera.queue.internal.QueuedMail.Recipient;

/** {@link QueueAdmin} over the scheduler: each operation runs as a task on the scheduler's thread. */
final class SchedulerAdmin implements QueueAdmin {

    private final Scheduler scheduler;

    SchedulerAdmin(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public QueueStatus status() {
        try {
            return scheduler.call(() -> new QueueStatus(scheduler.paused(), scheduler.mails.size(), 0,
                    scheduler.running[Channel.LOCAL.ordinal()], scheduler.limit(Channel.LOCAL),
                    scheduler.running[Channel.REMOTE.ordinal()], scheduler.limit(Channel.REMOTE),
                    scheduler.damaged()));
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public List<DeferralReason> recentDeferrals() {
        try {
            return scheduler.call(scheduler.deferrals::recent);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public List<QueuedMessage> messages() throws IOException {
        return scheduler.call(() -> scheduler.mails.values().stream().map(QueuedMail::snapshot).toList());
    }

    @Override
    public Optional<QueuedMessage> message(long id) throws IOException {
        return scheduler.call(() -> Optional.ofNullable(scheduler.mails.get(id)).map(QueuedMail::snapshot));
    }

    @Override
    public Optional<MessageContent> content(long id) throws IOException {
        return scheduler.call(() -> Optional.ofNullable(scheduler.mails.get(id)).map(m -> m.content));
    }

    @Override
    public void pause() {
        scheduler.pause();
    }

    @Override
    public void resume() {
        scheduler.resume();
    }

    @Override
    public void retryAll() {
        scheduler.execute(() -> {
            scheduler.mails.values().forEach(this::dueNow);
            scheduler.wake();
        });
    }

    @Override
    public boolean retry(long id) throws IOException {
        return scheduler.call(() -> {
            QueuedMail mail = scheduler.mails.get(id);
            if (mail != null) {
                dueNow(mail);
                scheduler.wake();
            }
            return mail != null;
        });
    }

    private void dueNow(QueuedMail mail) {
        for (Recipient r : mail.recipients) {
            if (r.state == State.PENDING) {
                r.nextAttempt = 0;
                scheduler.enqueue(mail, r);
            }
        }
    }

    @Override
    public boolean remove(long id) throws IOException {
        return scheduler.call(() -> {
            QueuedMail mail = scheduler.mails.get(id);
            if (mail == null) {
                return false;
            }
            scheduler.log(MailLogLine.Kind.WARNING, "warning: msg " + id + " removed by the administrator");
            mail.removed = true;
            scheduler.end(mail);
            return true;
        });
    }

    @Override
    public boolean bounce(long id, String reason) throws IOException {
        return scheduler.call(() -> {
            QueuedMail mail = scheduler.mails.get(id);
            if (mail == null) {
                return false;
            }
            // Running deliveries keep their slot; their reports, unless success, become this failure.
            mail.bounceReason = reason;
            for (Recipient r : mail.recipients) {
                if (r.state == State.PENDING) {
                    scheduler.record(mail, r, State.FAILED, reason);
                }
            }
            if (mail.finished()) {
                scheduler.finish(mail);
            }
            return true;
        });
    }
}
