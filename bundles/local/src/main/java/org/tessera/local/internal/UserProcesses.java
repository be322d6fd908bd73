package org.tessera.local.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.common.errors.ErrorText;

/**
 * The root mode's qmail-lspawn: deliveries for a user run in a user process switched to the
 * user's uid and gid ({@link UserProcessMain}), one process per uid and gid, started at the
 * user's first delivery and kept while deliveries keep coming (a JVM start per message would cost
 * more than the delivery), ended after {@code idle} without one, or sooner when {@code most}
 * processes run and another user needs one (the longest idle goes first). A process started before the
 * targets changed ({@link #retireAll}) finishes what it has and ends, so a replaced target bundle
 * is never used again.
 */
final class UserProcesses implements AutoCloseable {

    /** Starts a user process switched to a uid and gid. */
    interface Launcher {
        Process start(long uid, long gid) throws IOException;

        /**
         * Why a process for the uid and gid cannot start, when that can be told from outside it: asked
         * when one died before it served anything, since a JVM that cannot read its class path only
         * says it cannot find its main class.
         */
        Optional<String> whyNotStartable(long uid, long gid);
    }

    private static final Logger LOG = LoggerFactory.getLogger(UserProcesses.class);

    private record Key(long uid, long gid) {
    }

    private final Launcher launcher;
    private final long idleNanos;
    private final int most;
    private final Map<Key, UserProcess> running = new HashMap<>();
    private final List<UserProcess> retiring = new ArrayList<>();
    private final ScheduledExecutorService janitor;
    private boolean closed;

    UserProcesses(Launcher launcher, long idleSeconds, int most) {
        this.launcher = launcher;
        this.idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        this.most = Math.max(1, most);
        this.janitor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tessera-user-processes");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, Math.min(idleSeconds, 5));
        janitor.scheduleWithFixedDelay(this::endIdle, period, period, TimeUnit.SECONDS);
    }

    /** Delivers in the user process of the request's user, starting it when needed; blocks until the report. */
    DeliveryReport deliver(QmailLocal.Request request, Set<String> serverKinds,
            Function<String, Optional<DeliveryTarget>> serverTargets, Consumer<String> carriedOut) {
        UserProcess process;
        List<UserProcess> idle = new ArrayList<>();
        try {
            process = acquire(new Key(request.user().uid(), request.user().gid()), idle);
        } catch (IOException e) {
            String why = e.getMessage();
            LOG.warn("cannot start a user process for uid {}: {}", request.user().uid(), why);
            return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, unableToRun(request.user().user(), why));
        }
        idle.forEach(UserProcess::close);
        try {
            return process.deliver(request, serverKinds, serverTargets, carriedOut);
        } finally {
            release(process);
        }
    }

    /** qmail-lspawn's {@code Unable to run qmail-local.}, with what the operator has to fix. */
    static String unableToRun(String user, String why) {
        return "Unable to run qmail-local for user " + user + ": " + why + ". (#4.3.0)\n";
    }

    // Starting a JVM under the lock serialises first deliveries of different users; the start
    // returns as soon as the process is forked, so that is a fork per new user, not a JVM start.
    // A process this makes room for goes into {@code ended}, to be closed outside the lock.
    private synchronized UserProcess acquire(Key key, List<UserProcess> ended) throws IOException {
        if (closed) {
            throw new IOException("local delivery stopped");
        }
        UserProcess process = running.get(key);
        if (process == null || !process.alive()) {
            if (process != null) {
                running.remove(key);
            }
            if (running.size() >= most) {
                running.entrySet().stream().filter(e -> e.getValue().inFlight == 0)
                        .min(Comparator.comparingLong(e -> e.getValue().idleSince)).ifPresent(e -> {
                            running.remove(e.getKey());
                            ended.add(e.getValue());
                        });
            }
            process = new UserProcess(key.uid(), launcher.start(key.uid(), key.gid()),
                    () -> launcher.whyNotStartable(key.uid(), key.gid()));
            running.put(key, process);
        }
        process.inFlight++;
        return process;
    }

    private void release(UserProcess process) {
        boolean end;
        synchronized (this) {
            process.inFlight--;
            process.idleSince = System.nanoTime();
            end = process.inFlight == 0 && (process.retired || !process.alive());
            if (end) {
                retiring.remove(process);
            }
        }
        if (end) {
            process.close();
        }
    }

    /** The targets changed: every process ends once its deliveries are done; new ones start for the next. */
    void retireAll() {
        List<UserProcess> idle = new ArrayList<>();
        synchronized (this) {
            for (UserProcess process : running.values()) {
                process.retired = true;
                if (process.inFlight == 0) {
                    idle.add(process);
                } else {
                    retiring.add(process);
                }
            }
            running.clear();
        }
        idle.forEach(UserProcess::close);
    }

    private void endIdle() {
        List<UserProcess> idle = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            running.values().removeIf(process -> {
                boolean end = process.inFlight == 0 && (now - process.idleSince >= idleNanos || !process.alive());
                if (end) {
                    idle.add(process);
                }
                return end;
            });
        }
        idle.forEach(UserProcess::close);
    }

    /** The number of user processes running now. */
    synchronized int size() {
        return running.size() + retiring.size();
    }

    @Override
    public void close() {
        janitor.shutdownNow();
        List<UserProcess> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(running.values());
            all.addAll(retiring);
            running.clear();
            retiring.clear();
        }
        all.forEach(UserProcess::close);
    }

    /**
     * The launcher of a server running as root: {@code setpriv} (util-linux) switches to the gid
     * with no supplementary groups, as qmail-lspawn's setgroups of the gid alone, then the uid,
     * and starts this JVM's java on {@code classPath} with nothing of the server's environment but
     * {@code systemProperties} (the targets' configuration and the server's settings they use).
     */
    static Launcher setpriv(Path java, List<Path> classPath, Map<String, String> ownKinds,
            Map<String, String> systemProperties) {
        return new Setpriv(java, classPath, ownKinds, systemProperties);
    }

    private record Setpriv(Path java, List<Path> classPath, Map<String, String> ownKinds,
            Map<String, String> systemProperties) implements Launcher {

        @Override
        public Process start(long uid, long gid) throws IOException {
            List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid,
                    "--clear-groups", "--", java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    // A delivery holds at most 1 MiB of its message in memory; more goes to a file.
                    "-Xmx64m", "-XX:ReservedCodeCacheSize=32m",
                    // The logging API, outside a framework, prints what it is given: warnings are enough.
                    "-Dorg.ops4j.pax.logging.DefaultServiceLog.level=WARN"));
            systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
            command.addAll(List.of("-cp", String.join(":", classPath.stream().map(Path::toString).toList()),
                    UserProcessMain.class.getName()));
            ownKinds.forEach((kind, type) -> command.add(kind + "=" + type));
            ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("/").toFile());
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
            try {
                return builder.start();
            } catch (IOException e) {
                throw new IOException("setpriv: " + ErrorText.ofExec(e), e);
            }
        }

        // Asked only after a failed start: the mode bits may deny what an ACL allows, so they never stop one.
        @Override
        public Optional<String> whyNotStartable(long uid, long gid) {
            return UserReach.whyNotStartable(java, classPath, uid, gid);
        }
    }
}
