package org.tessera.queue.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.maillog.MailLog;
import org.tessera.api.maillog.MailLogLine;
import org.tessera.api.maillog.MailLogLine.Kind;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryChannel;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.api.queue.QueuedRecipient.State;
import org.tessera.common.mail.RecipientClassifier;
import org.tessera.queue.internal.QueueDepth.MessageState;
import org.tessera.queue.internal.QueueDepth.RecipientState;
import org.tessera.queue.internal.QueuedMail.Recipient;
import org.tessera.queue.internal.send.BounceAddressing;
import org.tessera.queue.internal.send.MailLogLines;
import org.tessera.queue.internal.send.RetrySchedule;
import org.tessera.queue.internal.send.Verp;
import org.tessera.queue.internal.store.QueueStore;
import org.tessera.queue.internal.store.StoredMessage;

/**
 * qmail-send: one thread owns every message's state, as qmail-send's single select loop did,
 * so no state needs a lock; everything else (commits, channel reports, timers, administration)
 * reaches it as a task on that thread.
 */
final class Scheduler {

    /** conf-spawn's default: the most deliveries of one channel at a time, whatever the control file says. */
    static final int DEFAULT_SPAWN_LIMIT = 120;
    /** The highest spawn limit the configuration may set. */
    static final int MAX_SPAWN_LIMIT = 1000;
    // qmail-send retries system errors after 123 s and rescans its queue at least every 1500 s.
    private static final long TROUBLE_DELAY = 123;
    private static final long RESCAN = 1500;

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    final TreeMap<Long, QueuedMail> mails = new TreeMap<>();
    private final Map<Channel, PriorityQueue<DueRecipient>> waiting = new EnumMap<>(Channel.class);
    private long stamps;
    final int[] running = new int[Channel.values().length];
    private final QueueStore store;
    private final MailQueue queue;
    private final ControlFiles controls;
    private final RecipientClassifier classifier;
    private final Supplier<Map<Channel, DeliveryChannel>> channels;
    private final Clock clock;
    private final MailLog log;
    private final QueueDepth depth;
    final RecentDeferrals deferrals = new RecentDeferrals();
    private final Supplier<QueueMeters> meters;
    private final ScheduledThreadPoolExecutor thread;
    private final long stopWaitSeconds;
    private volatile Thread loop;
    private volatile boolean paused;
    private long deliveries;
    // Bounce injections under way; a stop waits for them as for deliveries.
    private int bouncing;
    // Set by close(): no delivery starts any more, and the latch opens once nothing runs.
    private CountDownLatch stopped;
    private ScheduledFuture<?> timer;

    private final int spawnLimit;

    /**
     * @param depth the counts this scheduler keeps for the queue's gauges
     * @param meters the queue's meters now (they change as the metrics service comes and goes)
     */
    Scheduler(QueueStore store, MailQueue queue, ControlFiles controls,
            Supplier<Map<Channel, DeliveryChannel>> channels, Clock clock, MailLog mailLog,
            long stopWaitSeconds, int spawnLimit, QueueDepth depth, Supplier<QueueMeters> meters) {
        this.store = store;
        this.depth = depth;
        this.meters = meters;
        this.spawnLimit = spawnLimit;
        this.stopWaitSeconds = stopWaitSeconds;
        this.queue = queue;
        this.controls = controls;
        this.classifier = new RecipientClassifier(controls);
        this.channels = channels;
        this.clock = clock;
        this.log = mailLog;
        this.thread = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "tessera-send");
            loop = t;
            return t;
        });
        thread.setRemoveOnCancelPolicy(true);
        for (Channel c : Channel.values()) {
            waiting.put(c, new PriorityQueue<>(DueRecipient.ORDER));
        }
        // Retry timers must not hold up a shutdown; what they would do is redone at the next start.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Takes up the messages recovery found; call once the store is recovered. */
    void start(List<Long> recovered) {
        execute(() -> {
            log(Kind.STATUS, status());
            store.damage().forEach(line -> log(Kind.WARNING, line));
            loadAll(recovered);
        });
    }

    /** A message reached its commit point: take it up now, not at the next scan. */
    void committed(long id) {
        depth.addMessages(MessageState.NEW, 1);
        execute(() -> {
            depth.addMessages(MessageState.NEW, -1);
            load(id, true);
            pump();
        });
    }

    /** Something changed (a channel arrived, the queue was resumed): start what can start. */
    void wake() {
        execute(this::pump);
    }

    /** Writes one line to the mail log, made now; scheduler thread only. */
    void log(Kind kind, String line) {
        log.write(new MailLogLine(clock.instant(), kind, line));
    }

    private static Kind deliveryKind(DeliveryReport report) {
        return switch (report.outcome()) {
            case SUCCESS -> Kind.DELIVERY_SUCCESS;
            case PERMANENT -> Kind.DELIVERY_FAILURE;
            case TEMPORARY -> Kind.DELIVERY_DEFERRAL;
        };
    }

    boolean paused() {
        return paused;
    }

    /** Damaged messages and files the store's recovery moved aside. */
    int damaged() {
        return store.corrupt();
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
        wake();
    }

    /** Runs a task on the scheduler thread; after {@link #close()} it is dropped, as the restart takes everything up again. */
    void execute(Runnable task) {
        try {
            thread.execute(() -> guarded(task));
        } catch (RejectedExecutionException stopping) {
            LOG.debug("scheduler stopped; task dropped");
        }
    }

    /** Runs a task on the scheduler thread and waits for its answer; for administration only. */
    <T> T call(java.util.concurrent.Callable<T> task) throws IOException {
        if (Thread.currentThread() == loop) {
            try {
                return task.call();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        try {
            return thread.submit(task).get(30, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            throw new IOException("queue stopped", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("queue scheduler busy", e);
        }
    }

    private void schedule(Runnable task, long seconds) {
        try {
            thread.schedule(() -> guarded(task), seconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("scheduler stopped; timer dropped");
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException bug) {
            LOG.error("queue scheduler task failed", bug);
        }
    }

    // At a restart qmail-send takes up its preprocessed messages without logging them again. Only
    // those found by recovery: one committed since is announced by its own commit hook.
    private void loadAll(List<Long> recovered) {
        for (long id : recovered) {
            load(id, false);
        }
        pump();
    }

    private void load(long id, boolean announce) {
        if (mails.containsKey(id)) {
            return;
        }
        Optional<StoredMessage> stored = store.read(id);
        if (stored.isEmpty()) {
            return;
        }
        StoredMessage m = stored.get();
        QueuedMail mail = new QueuedMail(m, store.content(m), classifier, clock.instant());
        if (announce) {
            log(Kind.NEW_MESSAGE, MailLogLines.newMsg(id));
            log(Kind.MESSAGE_INFO, MailLogLines.infoMsg(id, m.size(), mail.sender, m.qp(), m.uid()));
        }
        mails.put(id, mail);
        depth.addMessages(MessageState.IN_DELIVERY, 1);
        depth.oldest(mails.firstEntry().getValue().stored.birth());
        for (Recipient r : mail.recipients) {
            count(r, 1);
            if (r.state == State.PENDING) {
                enqueue(mail, r);
            }
        }
        if (mail.finished()) {
            finish(mail);
        }
    }

    /**
     * Puts a pending recipient in its channel's waiting line, due at its {@code nextAttempt}.
     * An earlier entry of the same recipient becomes stale (its stamp no longer matches).
     */
    void enqueue(QueuedMail mail, Recipient r) {
        r.stamp = ++stamps;
        waiting.get(r.channel()).add(new DueRecipient(r.nextAttempt, r.stamp, mail, r));
    }

    /**
     * One pass: in each channel that is present and has a free slot, start the due recipients in
     * the order they became due. Per channel a priority queue, so that a pass costs what it starts,
     * not the size of the queue (a deferred backlog of thousands is touched only when due).
     */
    private void pump() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (paused || stopped != null) {
            return;
        }
        long now = clock.instant().getEpochSecond();
        Map<Channel, DeliveryChannel> present = channels.get();
        long earliest = Long.MAX_VALUE;
        for (Channel c : Channel.values()) {
            DeliveryChannel channel = present.get(c);
            if (channel == null) {
                // Without a channel service it waits; the service's arrival wakes the scheduler.
                continue;
            }
            PriorityQueue<DueRecipient> line = waiting.get(c);
            while (!line.isEmpty()) {
                DueRecipient next = line.peek();
                if (!next.current()) {
                    line.poll();
                } else if (next.due() > now) {
                    earliest = Math.min(earliest, next.due());
                    break;
                } else if (running[c.ordinal()] < limit(c)) {
                    line.poll();
                    start(next.mail(), next.recipient(), channel, now);
                } else {
                    break; // full: the next report frees a slot and pumps again
                }
            }
        }
        if (earliest != Long.MAX_VALUE) {
            long delay = Math.min(Math.max(1, earliest - now), RESCAN);
            timer = thread.schedule(() -> guarded(this::pump), delay, TimeUnit.SECONDS);
        }
    }

    int limit(Channel channel) {
        int configured = channel == Channel.LOCAL ? controls.concurrencyLocal() : controls.concurrencyRemote();
        return Math.max(0, Math.min(configured, spawnLimit));
    }

    String status() {
        return MailLogLines.status(running[Channel.LOCAL.ordinal()], limit(Channel.LOCAL),
                running[Channel.REMOTE.ordinal()], limit(Channel.REMOTE), false);
    }

    private void start(QueuedMail mail, Recipient r, DeliveryChannel channel, long now) {
        long delivery = ++deliveries;
        boolean expired = RetrySchedule.isExpired(mail.birthSeconds(), now, controls.queueLifetime());
        count(r, -1);
        r.state = State.DELIVERING;
        count(r, 1);
        running[r.channel().ordinal()]++;
        log(Kind.STARTING_DELIVERY, MailLogLines.startingDelivery(delivery, mail.id(), r.channel(), r.target.address().text()));
        log(Kind.STATUS, status());
        CompletionStage<DeliveryReport> stage;
        try {
            stage = channel.deliver(mail.id(), Verp.expand(mail.stored.envelope().sender(), r.address), r.address,
                    mail.content);
        } catch (RuntimeException e) {
            LOG.warn("delivery channel {} threw for msg {}", r.channel(), mail.id(), e);
            stage = CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            stage = CompletableFuture.failedFuture(new NullPointerException("channel returned no stage"));
        }
        // The report comes on the channel's thread; it is handled back on ours.
        stage.whenComplete((report, failure) -> execute(() -> reported(mail, r, delivery, now, expired,
                failure == null && report != null ? report : channelFailed(r.channel(), failure))));
    }

    /**
     * What a channel that threw or failed its stage reports, as qmail-lspawn's crash reports, with what
     * it threw so the mail log says why.
     */
    static DeliveryReport channelFailed(Channel channel, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String why = cause == null ? "it gave no report"
                : cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage() + " (" + cause.getClass().getSimpleName() + ")";
        return new DeliveryReport(Outcome.TEMPORARY, "The " + channel.name().toLowerCase(Locale.ROOT)
                + " delivery channel failed: " + why + "; will try again later. (#4.3.0)\n");
    }

    private void reported(QueuedMail mail, Recipient r, long delivery, long started, boolean expired,
            DeliveryReport channelReport) {
        running[r.channel().ordinal()]--;
        DeliveryReport report = channelReport;
        if (mail.bounceReason != null && report.outcome() != Outcome.SUCCESS) {
            report = new DeliveryReport(Outcome.PERMANENT, mail.bounceReason);
        }
        report = RetrySchedule.applyLifetime(report, expired);
        log(deliveryKind(report), MailLogLines.delivery(delivery, report));
        log(Kind.STATUS, status());
        meters.get().delivered(r.channel(), report, Duration.between(mail.stored.birth(), clock.instant()));
        if (mail.removed) {
            // Ended by the administrator while this attempt ran: it leaves the queue's counts now.
            count(r, -1);
        } else {
            switch (report.outcome()) {
                case SUCCESS -> record(mail, r, State.DELIVERED, report.text());
                case PERMANENT -> record(mail, r, State.FAILED, report.text());
                case TEMPORARY -> {
                    deferrals.deferred(report.text(), clock.instant());
                    r.nextAttempt = RetrySchedule.nextAttempt(r.channel(), mail.birthSeconds(), started);
                    record(mail, r, State.PENDING, report.text());
                    enqueue(mail, r);
                }
            }
            if (mail.finished()) {
                finish(mail);
            }
        }
        pump();
        checkStopped();
    }

    /**
     * Records a result in the queue log, where it is synced with the next batch; memory moves on
     * at once, as qmail-send's does. Everything recorded later (a bounce, the removal) follows it
     * in the log, so it is durable before they are.
     */
    void record(QueuedMail mail, Recipient r, State state, String report) {
        count(r, -1);
        r.state = state;
        r.tried |= state == State.PENDING;
        count(r, 1);
        r.report = report;
        r.since = clock.instant();
        long next = state == State.PENDING ? r.nextAttempt : 0;
        store.record(mail.id(), r.index, state, report, next).whenComplete((ok, failure) -> {
            if (failure != null) {
                execute(() -> log(Kind.WARNING, "warning: trouble marking msg " + mail.id()
                        + " in the queue log; message will be delivered twice!"));
            }
        });
    }

    /**
     * A message whose every recipient is done: bounce if needed, then end and remove it. The
     * original is removed only after the bounce is committed, so a crash in between repeats the
     * bounce (qmail accepts that) but never loses it.
     */
    void finish(QueuedMail mail) {
        if (mail.finishing || mail.removed) {
            return;
        }
        mail.finishing = true;
        if (!mail.hasFailures()) {
            end(mail);
            return;
        }
        BounceAddressing addressing = BounceAddressing.of(mail.sender, controls);
        if (addressing.kind() == BounceAddressing.Kind.DISCARD) {
            log(Kind.TRIPLE_BOUNCE, MailLogLines.tripleBounce(mail.id()));
            end(mail);
            return;
        }
        if (!mail.bouncing) {
            mail.bouncing = true;
            depth.addMessages(MessageState.IN_DELIVERY, -1);
            depth.addMessages(MessageState.BOUNCING, 1);
        }
        InputStream content;
        try {
            content = BounceInjection.content(mail, addressing, controls, clock.instant().getEpochSecond());
        } catch (IOException e) {
            bounceTrouble(mail);
            return;
        }
        bouncing++;
        queue.inject(BounceInjection.envelope(addressing), Origin.BOUNCE, content)
                .whenComplete((result, failure) -> execute(() -> {
                    bouncing--;
                    bounced(mail, result);
                    checkStopped();
                }));
    }

    private void bounced(QueuedMail mail, InjectResult result) {
        if (result == null || result.outcome() != InjectResult.Outcome.OK) {
            bounceTrouble(mail);
            return;
        }
        log(Kind.BOUNCE, MailLogLines.bounceMsg(mail.id(), result.qp()));
        if (!mail.removed) {
            end(mail);
        }
    }

    private void bounceTrouble(QueuedMail mail) {
        log(Kind.WARNING, "warning: trouble injecting bounce message, will try later");
        mail.finishing = false;
        schedule(() -> finish(mail), TROUBLE_DELAY);
    }

    void end(QueuedMail mail) {
        log(Kind.END_MESSAGE, MailLogLines.endMsg(mail.id()));
        mails.remove(mail.id());
        depth.addMessages(mail.bouncing ? MessageState.BOUNCING : MessageState.IN_DELIVERY, -1);
        depth.oldest(mails.isEmpty() ? null : mails.firstEntry().getValue().stored.birth());
        // Only a message the administrator removed still has pending recipients; those being
        // delivered leave the counts when their attempt reports.
        for (Recipient r : mail.recipients) {
            if (r.state == State.PENDING) {
                count(r, -1);
            }
        }
        store.remove(mail.id()).whenComplete((ok, failure) -> {
            if (failure != null) {
                // It comes back finished at the next start and is ended (and bounced) again.
                execute(() -> log(Kind.WARNING, "warning: unable to remove msg " + mail.id() + " from the queue log"));
            }
        });
    }

    /** Adds {@code delta} to the count of the recipient's state, if it is one still to deliver. */
    private void count(Recipient r, int delta) {
        switch (r.state) {
            case PENDING -> depth.addRecipients(r.channel(), r.tried ? RecipientState.DEFERRED : RecipientState.WAITING,
                    delta);
            case DELIVERING -> depth.addRecipients(r.channel(), RecipientState.DELIVERING, delta);
            case DELIVERED, FAILED -> {
                // Done: counted by the deliveries' meter, not by the queue's depth.
            }
        }
    }

    private void checkStopped() {
        if (stopped != null && bouncing == 0 && running[Channel.LOCAL.ordinal()] == 0
                && running[Channel.REMOTE.ordinal()] == 0) {
            stopped.countDown();
        }
    }

    /**
     * Stops as qmail-send does on TERM: starts nothing more, waits (up to {@code stopWaitSeconds})
     * for running deliveries and bounce injections to report, then logs {@code status: exiting}.
     * What is still running then is repeated after the next start.
     */
    void close() throws InterruptedException {
        CountDownLatch idle = new CountDownLatch(1);
        execute(() -> {
            stopped = idle;
            checkStopped();
        });
        if (!idle.await(stopWaitSeconds, TimeUnit.SECONDS)) {
            LOG.warn("deliveries still running after {} s; they will be repeated after the next start",
                    stopWaitSeconds);
        }
        // Not shutdownNow: an interrupt would break a record's write, which is worth finishing.
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("queue scheduler did not stop within 10 s");
        }
        log(Kind.STATUS, MailLogLines.statusExiting());
    }
}
