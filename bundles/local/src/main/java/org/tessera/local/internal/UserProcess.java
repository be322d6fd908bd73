package org.tessera.local.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.common.errors.ErrorText;
import org.tessera.local.internal.UserProcessProtocol.Call;
import org.tessera.local.internal.UserProcessProtocol.Deliver;
import org.tessera.local.internal.UserProcessProtocol.Report;
import org.tessera.local.internal.UserProcessProtocol.Result;

/**
 * The server's side of one user process ({@link UserProcessMain}): sends it deliveries, carries
 * out the instructions it hands back, and turns its death into qmail-lspawn's
 * {@code qmail-local crashed}, with its exit status and the last line it wrote to standard error,
 * for every delivery it had; one that died before it served anything says why it could not start,
 * when the launcher can tell. Two threads read its standard output (frames) and standard error
 * (logged).
 */
final class UserProcess {

    static final String CRASHED = "qmail-local crashed";
    // How long a dead process's last words and exit status may take to arrive after its output closed.
    private static final long LAST_WORDS_MILLIS = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(UserProcess.class);
    /** What a delivery's mailbox receives when the process is gone. */
    private static final Object GONE = new Object();

    private final long uid;
    private final Process process;
    private final DataOutputStream in;
    private final Map<Long, BlockingQueue<Object>> open = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean dead;
    // Whether the process ever sent a frame: one that dies before did not start.
    private volatile boolean served;
    private final Supplier<Optional<String>> whyNotStartable;
    private final Thread errors;
    private volatile String lastError;
    // Guarded by the pool: deliveries under way, and when the last one ended.
    int inFlight;
    long idleSince = System.nanoTime();
    boolean retired;

    /** @param whyNotStartable why a process for this uid could not start, asked when it died before it served */
    UserProcess(long uid, Process process, Supplier<Optional<String>> whyNotStartable) {
        this.uid = uid;
        this.process = process;
        this.whyNotStartable = whyNotStartable;
        this.in = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 65536));
        Thread frames = new Thread(this::readFrames, "tessera-user-" + uid + "-frames");
        frames.setDaemon(true);
        frames.start();
        errors = new Thread(this::logErrors, "tessera-user-" + uid + "-errors");
        errors.setDaemon(true);
        errors.start();
    }

    boolean alive() {
        return !dead && process.isAlive();
    }

    /**
     * Runs one delivery in the process and waits for its report, carrying out on this thread what
     * the process hands back to the server.
     *
     * @param serverTargets the server's targets of the kinds the process does not run
     * @param carriedOut told the kind of each instruction the process carried out itself
     */
    DeliveryReport deliver(QmailLocal.Request request, Set<String> serverKinds,
            Function<String, Optional<DeliveryTarget>> serverTargets, Consumer<String> carriedOut) {
        long id = ids.incrementAndGet();
        BlockingQueue<Object> mailbox = new LinkedBlockingQueue<>();
        open.put(id, mailbox);
        try {
            Deliver deliver = new Deliver(id, request.messageId(), request.user(), request.recipient(),
                    request.sender(), request.defaultDelivery(), serverKinds);
            try (InputStream message = request.content().open()) {
                synchronized (in) {
                    UserProcessProtocol.writeDeliver(in, deliver, message);
                    in.flush();
                }
            } catch (IOException e) {
                if (!alive()) {
                    return crashed(request);
                }
                // A message that cannot be read leaves the frame cut: this process can take no more.
                LOG.warn("cannot hand msg {} to the user process of uid {}", request.messageId(), uid, e);
                process.destroy();
                return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY,
                        "Unable to read message: " + ErrorText.of(e) + ". (#4.3.0)\n");
            }
            if (dead) {
                // The reader may have emptied the mailboxes before this one was written to.
                mailbox.add(GONE);
            }
            while (true) {
                Object next = mailbox.take();
                if (next instanceof Report report) {
                    report.carriedOut().forEach(carriedOut);
                    return report.report();
                }
                if (next instanceof Call call) {
                    answer(request, call, serverTargets);
                } else {
                    return crashed(request);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, LocalChannel.STOPPED);
        } finally {
            open.remove(id);
        }
    }

    /**
     * What qmail-lspawn says of a qmail-local that died, with what the operator needs to know why:
     * how the process ended and the last line it wrote to standard error (a JVM that cannot start says
     * why there).
     */
    private DeliveryReport crashed(QmailLocal.Request request) throws InterruptedException {
        if (!served) {
            Optional<String> why = whyNotStartable.get();
            if (why.isPresent()) {
                return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY,
                        UserProcesses.unableToRun(request.user().user(), why.get()));
            }
        }
        errors.join(LAST_WORDS_MILLIS);
        StringBuilder text = new StringBuilder(CRASHED).append(": the user process of uid ").append(uid);
        if (process.waitFor(LAST_WORDS_MILLIS, TimeUnit.MILLISECONDS)) {
            int status = process.exitValue();
            // The JDK reports a process killed by signal n as 128 + n.
            text.append(status > 128 ? " was killed by signal " + (status - 128) : " exited with status " + status);
        } else {
            text.append(" stopped talking");
        }
        String last = lastError;
        if (last != null) {
            text.append(" after writing \"").append(last.strip()).append('"');
        }
        return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, text.append(". (#4.3.0)\n").toString());
    }

    private void answer(QmailLocal.Request request, Call call, Function<String, Optional<DeliveryTarget>> serverTargets) {
        DeliveryResult result;
        Optional<DeliveryTarget> target = serverTargets.apply(call.kind());
        if (target.isEmpty()) {
            result = new DeliveryResult(DeliveryResult.Outcome.TEMPORARY,
                    "No " + call.kind() + " delivery target is running. (#4.3.0)\n");
        } else {
            try {
                result = target.get().deliver(new Delivery(request.messageId(), request.user(), call.arguments(),
                        request.sender(), request.recipient(), call.newSender(), call.environment(), request.content()));
            } catch (RuntimeException e) {
                LOG.warn("the {} delivery target failed for msg {}", call.kind(), request.messageId(), e);
                result = new DeliveryResult(DeliveryResult.Outcome.TEMPORARY, QmailLocal.targetFailed(call.kind(), e) + "\n");
            }
            if (result == null) {
                result = new DeliveryResult(DeliveryResult.Outcome.TEMPORARY,
                        "The " + call.kind() + " delivery target gave no result. (#4.3.0)\n");
            }
        }
        try {
            synchronized (in) {
                UserProcessProtocol.writeResult(in, new Result(call.id(), result));
                in.flush();
            }
        } catch (IOException e) {
            // The process is gone; its reader puts GONE in the mailbox.
            LOG.debug("user process of uid {} gone while answering", uid, e);
        }
    }

    private void readFrames() {
        try (DataInputStream frames = new DataInputStream(new BufferedInputStream(process.getInputStream(), 65536))) {
            while (true) {
                int type;
                try {
                    type = frames.readUnsignedByte();
                } catch (EOFException end) {
                    break;
                }
                Object frame = switch (type) {
                    case UserProcessProtocol.CALL -> UserProcessProtocol.readCall(frames);
                    case UserProcessProtocol.REPORT -> UserProcessProtocol.readReport(frames);
                    default -> throw new IOException("unknown frame type " + type);
                };
                served = true;
                long id = frame instanceof Call c ? c.id() : ((Report) frame).id();
                BlockingQueue<Object> mailbox = open.get(id);
                if (mailbox != null) {
                    mailbox.add(frame);
                }
            }
        } catch (IOException e) {
            LOG.warn("user process of uid {} sent a bad frame; it is stopped", uid, e);
            process.destroyForcibly();
        } finally {
            dead = true;
            open.values().forEach(mailbox -> mailbox.add(GONE));
        }
    }

    private void logErrors() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null;) {
                LOG.warn("user process of uid {}: {}", uid, line);
                if (!line.isBlank()) {
                    lastError = line;
                }
            }
        } catch (IOException e) {
            LOG.debug("user process of uid {}: standard error closed", uid, e);
        }
    }

    /** Ends the process once it has no delivery: closing its input lets it exit by itself. */
    void close() {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("closing the input of the user process of uid {}", uid, e);
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
