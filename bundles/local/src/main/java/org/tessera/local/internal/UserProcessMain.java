package org.tessera.local.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.delivery.UserProcessTarget;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.local.internal.UserProcessProtocol.Call;
import org.tessera.local.internal.UserProcessProtocol.Deliver;
import org.tessera.local.internal.UserProcessProtocol.Report;
import org.tessera.local.internal.UserProcessProtocol.Result;

/**
 * The user process of the root mode: what qmail-local is to qmail-lspawn. The server starts one
 * per uid, already switched to that uid and gid ({@code setpriv}), on a plain class path of this
 * bundle, the API and the built-in targets that can run outside the server. It reads
 * {@link Deliver} frames on standard input, runs {@link QmailLocal} for each on a thread of its
 * own (so the user's {@code .qmail} files, Maildirs and programs are touched only as the user),
 * and writes the {@link Report}s on standard output. Kinds it does not run itself go back to the
 * server as {@link Call}s. It exits when the server closes its standard input.
 *
 * <p>Arguments: {@code kind=class} for each {@link UserProcessTarget} it runs itself; the
 * configuration of each comes as system properties {@code <class>.<property>}.
 */
public final class UserProcessMain {

    // Small messages stay in memory; bigger ones go to a file only this user can read.
    private static final int IN_MEMORY = 1024 * 1024;

    private final DataOutputStream out;
    private final Map<String, DeliveryTarget> own;
    private final Map<Long, BlockingQueue<Result>> calls = new ConcurrentHashMap<>();
    private final ExecutorService deliveries = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "tessera-user-delivery");
        thread.setDaemon(true);
        return thread;
    });

    private UserProcessMain(DataOutputStream out, Map<String, DeliveryTarget> own) {
        this.out = out;
        this.own = own;
    }

    public static void main(String[] args) throws Exception {
        // The frames own standard output; anything a library prints goes to standard error, which
        // the server logs.
        OutputStream frames = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        Map<String, DeliveryTarget> own = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String type = arg.substring(eq + 1);
            UserProcessTarget target = (UserProcessTarget) Class.forName(type).getConstructor().newInstance();
            target.configure(configuration(type));
            own.put(arg.substring(0, eq), target);
        }
        UserProcessMain main = new UserProcessMain(new DataOutputStream(new BufferedOutputStream(frames, 65536)), own);
        main.serve(new DataInputStream(new BufferedInputStream(System.in, 65536)));
        main.deliveries.shutdown();
        // Deliveries under way finish; the server waits for their reports before it closes stdin.
        System.exit(0);
    }

    // What RootMode passed for this target: the system properties "<class>.<property>".
    private static Map<String, String> configuration(String type) {
        Map<String, String> configuration = new HashMap<>();
        String prefix = type + ".";
        System.getProperties().forEach((key, value) -> {
            String name = key.toString();
            if (name.startsWith(prefix)) {
                configuration.put(name.substring(prefix.length()), value.toString());
            }
        });
        return configuration;
    }

    private void serve(DataInputStream in) throws IOException {
        while (true) {
            int type;
            try {
                type = in.readUnsignedByte();
            } catch (EOFException end) {
                return;
            }
            switch (type) {
                case UserProcessProtocol.DELIVER -> {
                    Deliver deliver = UserProcessProtocol.readDeliver(in);
                    MessageContent content = readMessage(in, deliver.id());
                    calls.put(deliver.id(), new LinkedBlockingQueue<>());
                    deliveries.execute(() -> deliver(deliver, content));
                }
                case UserProcessProtocol.RESULT -> {
                    Result result = UserProcessProtocol.readResult(in);
                    BlockingQueue<Result> waiting = calls.get(result.id());
                    if (waiting != null) {
                        waiting.add(result);
                    }
                }
                default -> throw new IOException("unknown frame type " + type);
            }
        }
    }

    private void deliver(Deliver deliver, MessageContent content) {
        DeliveryReport report;
        // QmailLocal carries out one instruction after the other on this thread.
        List<String> carriedOut = new ArrayList<>();
        try {
            QmailLocal qmailLocal = new QmailLocal(kind -> target(deliver, kind, carriedOut), Clock.systemUTC());
            report = qmailLocal.deliver(new QmailLocal.Request(deliver.messageId(), deliver.user(),
                    deliver.recipient(), deliver.sender(), deliver.defaultDelivery(), content));
        } catch (RuntimeException e) {
            e.printStackTrace();
            report = new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, "qmail-local crashed: " + e + ". (#4.3.0)\n");
        } finally {
            calls.remove(deliver.id());
            if (content instanceof SpooledMessage spooled) {
                spooled.delete();
            }
        }
        try {
            synchronized (out) {
                UserProcessProtocol.writeReport(out, new Report(deliver.id(), report, carriedOut));
                out.flush();
            }
        } catch (IOException e) {
            // The server went away; it treats every open delivery as failed for now.
            System.exit(111);
        }
    }

    // The server measures what it carries out itself; of this process's own, it learns from the report.
    private Optional<DeliveryTarget> target(Deliver deliver, String kind, List<String> carriedOut) {
        DeliveryTarget mine = own.get(kind);
        if (mine != null) {
            return Optional.of(delivery -> {
                DeliveryResult result = mine.deliver(delivery);
                if (result != null && (result.outcome() == DeliveryResult.Outcome.SUCCESS
                        || result.outcome() == DeliveryResult.Outcome.SUCCESS_STOP)) {
                    carriedOut.add(kind);
                }
                return result;
            });
        }
        if (!deliver.serverKinds().contains(kind)) {
            return Optional.empty();
        }
        return Optional.of(delivery -> askServer(deliver.id(), kind, delivery));
    }

    private DeliveryResult askServer(long id, String kind, Delivery delivery) {
        try {
            synchronized (out) {
                UserProcessProtocol.writeCall(out, new Call(id, kind, delivery.arguments(), delivery.newSender(),
                        delivery.environment()));
                out.flush();
            }
            return calls.get(id).take().result();
        } catch (IOException e) {
            throw new IllegalStateException("the server went away", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the server delivered", e);
        }
    }

    private static MessageContent readMessage(DataInputStream in, long id) throws IOException {
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        OutputStream file = null;
        Path spool = null;
        try {
            for (byte[] chunk; (chunk = UserProcessProtocol.readChunk(in)) != null;) {
                if (file == null && memory.size() + chunk.length > IN_MEMORY) {
                    spool = Files.createTempFile("tessera-msg-" + id + "-", "");
                    file = Files.newOutputStream(spool);
                    memory.writeTo(file);
                    memory = null;
                }
                if (file != null) {
                    file.write(chunk);
                } else {
                    memory.write(chunk);
                }
            }
        } finally {
            if (file != null) {
                file.close();
            }
        }
        return spool == null ? new MemoryMessage(memory.toByteArray()) : new SpooledMessage(spool);
    }

    private record MemoryMessage(byte[] bytes) implements MessageContent {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    private record SpooledMessage(Path spool) implements MessageContent {
        @Override
        public long size() {
            try {
                return Files.size(spool);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(spool);
        }

        @Override
        public Optional<Path> file() {
            return Optional.of(spool);
        }

        void delete() {
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                e.printStackTrace();
            }
        }
    }
}
