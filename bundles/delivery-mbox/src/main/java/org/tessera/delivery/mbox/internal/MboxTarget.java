package org.tessera.delivery.mbox.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.sun.jna.Native;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryKind;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.delivery.UserProcessTarget;
import org.tessera.api.mail.MessageContent;
import org.tessera.common.delivery.TargetProperties;
import org.tessera.common.errors.ErrorText;

/**
 * qmail-local's mbox delivery (dot-qmail(5), mbox(5)): a locked append of {@code UFLINE}, {@code RPLINE},
 * {@code DTLINE}, the message with {@code >From} quoting, and an empty line, synced; on any error the
 * file is cut back to where it ended, and the delivery fails temporarily with qmail's text.
 */
@Component(service = DeliveryTarget.class, configurationPid = MboxTarget.PID)
@DeliveryKind(DeliveryTarget.MBOX)
@Designate(ocd = MboxTargetConfiguration.class)
public final class MboxTarget implements UserProcessTarget {

    static final String PID = "org.tessera.delivery.mbox";
    static final long DEFAULT_LOCK_WAIT_SECONDS = 30;

    private static final int BUFFER_BYTES = 64 << 10;
    // The queue's stream says no errno; qmail-local's read of its message file would have said EIO.
    private static final int EIO = 5;
    private static final DeliveryResult DELIVERED = new DeliveryResult(Outcome.SUCCESS, "");

    private final LibC libc;
    private final ThreadLocal<byte[]> inputs = ThreadLocal.withInitial(() -> new byte[BUFFER_BYTES]);
    private final ThreadLocal<MboxOutput> outputs = ThreadLocal.withInitial(() -> new MboxOutput(BUFFER_BYTES));
    private volatile long lockWaitSeconds = DEFAULT_LOCK_WAIT_SECONDS;

    /**
     * A target as DS and a user process make it, with the default configuration until {@link #configure}.
     *
     * @throws UnsatisfiedLinkError when JNA cannot reach the C library: then there is no mbox target,
     *         and mbox deliveries wait in the queue as for any missing target
     */
    public MboxTarget() {
        libc = Native.load("c", LibC.class);
    }

    // The same reading of the configuration as in a user process (UserProcessTarget's contract).
    @Activate
    @Modified
    void activate(Map<String, Object> properties) {
        configure(TargetProperties.scalars(properties));
    }

    /** {@code lockWaitSeconds}, as {@link MboxTargetConfiguration} describes it. */
    @Override
    public void configure(Map<String, String> configuration) {
        lockWaitSeconds = Math.max(1,
                TargetProperties.longValue(configuration, "lockWaitSeconds", DEFAULT_LOCK_WAIT_SECONDS));
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) {
        String path = delivery.arguments().get(0);
        String file = Path.of(delivery.user().home()).resolve(path).toString();
        MboxFile mbox;
        try {
            mbox = MboxFile.open(libc, file);
        } catch (ErrnoException e) {
            return failed("Unable to open " + path + ": " + ErrorText.of(e.errno()) + ". (#4.2.1)");
        }
        try (mbox) {
            long wait = lockWaitSeconds;
            MboxFile.Lock lock;
            try {
                lock = mbox.lock(Duration.ofSeconds(wait));
            } catch (InterruptedException e) {
                // The channel is stopping: give up the wait as if it had run out; the queue retries.
                Thread.currentThread().interrupt();
                lock = MboxFile.Lock.BUSY;
            }
            if (lock == MboxFile.Lock.BUSY) {
                return failed("File has been locked for " + wait + " seconds straight. (#4.3.0)");
            }
            long start = mbox.end();
            try {
                append(delivery, mbox);
                return DELIVERED;
            } catch (ErrnoException e) {
                cutBack(mbox, lock, start);
                return failed("Unable to write " + path + ": " + ErrorText.of(e.errno()) + ". (#4.3.0)");
            } catch (IOException e) {
                cutBack(mbox, lock, start);
                return failed("Unable to read message: " + ErrorText.of(EIO) + ". (#4.3.0)");
            }
        }
    }

    /** Write failures are {@link ErrnoException}s; any other exception is a failure to read the message. */
    private void append(Delivery delivery, MboxFile mbox) throws IOException {
        MboxOutput out = outputs.get().into(mbox);
        out.put((delivery.environment().get(Delivery.ENV_UFLINE) + delivery.environment().get(Delivery.ENV_RPLINE)
                + delivery.environment().get(Delivery.ENV_DTLINE)).getBytes(StandardCharsets.UTF_8));
        FromQuoting quoting = new FromQuoting(out);
        MessageContent content = delivery.content();
        byte[] buffer = inputs.get();
        long total = 0;
        try (InputStream in = content.open()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                quoting.write(buffer, 0, read);
                total += read;
            }
        }
        if (total != content.size()) {
            throw new IOException("read " + total + " bytes, not " + content.size());
        }
        quoting.finish();
        out.sync();
    }

    /** As qmail-local: only a locked file is cut back, since unlocked another writer may have appended since. */
    private static void cutBack(MboxFile mbox, MboxFile.Lock lock, long start) {
        if (lock == MboxFile.Lock.HELD && start >= 0) {
            mbox.truncate(start);
        }
    }

    private static DeliveryResult failed(String line) {
        return new DeliveryResult(Outcome.TEMPORARY, line + "\n");
    }
}
