package org.tessera.common.maillog;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

import org.tessera.api.maillog.MailLog;
import org.tessera.api.maillog.MailLogLine;

/**
 * A bundle's way to the {@link MailLog} service, which comes later than the first lines of a boot
 * and goes away while the maillog bundle is updated: lines written meanwhile wait, in order and with
 * the times they were made, and are written when the service is back. At most {@link #WAITING}
 * lines wait; beyond that the oldest go, and the count of them is written as a warning first.
 */
public final class MailLogBuffer implements MailLog {

    /** The most lines kept while there is no service: minutes of a busy server's boot. */
    public static final int WAITING = 10_000;

    private final Clock clock;
    private final Object lock = new Object();
    // Guarded by lock; read without it on the common path, where a line goes straight through.
    private volatile MailLog service;
    private final Deque<MailLogLine> waiting = new ArrayDeque<>();
    private long dropped;

    public MailLogBuffer(Clock clock) {
        this.clock = clock;
    }

    /** Writes a line made now. */
    public void write(MailLogLine.Kind kind, String text) {
        write(new MailLogLine(clock.instant(), kind, text));
    }

    @Override
    public void write(MailLogLine line) {
        MailLog current = service;
        if (current != null) {
            current.write(line);
            return;
        }
        synchronized (lock) {
            if (service != null) {
                service.write(line);
                return;
            }
            if (waiting.size() == WAITING) {
                waiting.pollFirst();
                dropped++;
            }
            waiting.addLast(line);
        }
    }

    /** The service arrived: what waited is written first. */
    public void bind(MailLog arrived) {
        synchronized (lock) {
            if (dropped > 0) {
                arrived.write(new MailLogLine(clock.instant(), MailLogLine.Kind.WARNING,
                        "warning: " + dropped + " mail-log lines lost while the mail log was not running"));
                dropped = 0;
            }
            for (MailLogLine line = waiting.pollFirst(); line != null; line = waiting.pollFirst()) {
                arrived.write(line);
            }
            service = arrived;
        }
    }

    /** The service left: lines wait again. */
    public void unbind(MailLog left) {
        synchronized (lock) {
            if (service == left) {
                service = null;
            }
        }
    }
}
