package org.tessera.delivery.program.internal;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.api.mail.MessageContent;

/**
 * Runs one program delivery as qmail-local's {@code mailprogram} does, plus a time limit.
 *
 * <p>Threads: the calling thread reads the output and waits for the exit. The message reaches the program
 * without a thread when it is a file of its own (a redirect); otherwise one short-lived thread per delivery
 * writes it, ended before {@link #run} returns. The time limit costs no thread: it is a task on the JDK's
 * shared {@link CompletableFuture} delay scheduler, cancelled when the program ends.
 */
final class ProgramRunner {

    static final String SHELL = "/bin/sh";
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    static final long DEFAULT_TIMEOUT_SECONDS = 3600;

    static final String CRASHED = "Aack, child crashed. (#4.3.0)\n";

    // Java reports a death by signal N as exit value 128 + N (Linux signals go up to 64).
    private static final int SIGNALLED_LOW = 129;
    private static final int SIGNALLED_HIGH = 128 + 64;
    private static final int COPY_BUFFER = 64 << 10;

    /**
     * What a run needs besides the delivery.
     *
     * @param shell the shell, {@code /bin/sh} (tests name others to see how a failed start is told)
     * @param path the whole {@code PATH} of programs
     * @param timeout how long a program may run before it and its descendants are killed
     * @param server the server's own variables programs get besides the qmail-command ones
     *        ({@code TESSERA_HOME}, {@code TESSERA_QMQP_PORT}: what bin/forward and bin/condredirect need)
     */
    record Settings(String shell, String path, Duration timeout, Map<String, String> server) {

        Settings {
            Objects.requireNonNull(shell, "shell");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(timeout, "timeout");
            server = Map.copyOf(server);
        }
    }

    private final Settings settings;

    ProgramRunner(Settings settings) {
        this.settings = settings;
    }

    /** Runs {@code command} in {@code home} with exactly {@code PATH} and {@code environment}, the message on stdin. */
    DeliveryResult run(String home, String command, Map<String, String> environment, MessageContent content) {
        ProcessBuilder builder = new ProcessBuilder(settings.shell(), "-c", command)
                .directory(new File(home))
                .redirectErrorStream(true);
        Map<String, String> processEnvironment = builder.environment();
        processEnvironment.clear();
        processEnvironment.put("PATH", settings.path());
        processEnvironment.putAll(settings.server());
        processEnvironment.putAll(environment);
        Optional<Path> file = content.file();
        file.ifPresent(f -> builder.redirectInput(f.toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            if (e.getCause() instanceof FileNotFoundException unreadable) {
                return temporary("Unable to read message: " + unreadable.getMessage() + ". (#4.3.0)\n");
            }
            return temporary("Unable to run " + settings.shell() + ": " + ErrnoText.of(e) + ". (#4.3.0)\n");
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<Void> deadline = new CompletableFuture<>();
        deadline.orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((done, failure) -> {
            if (failure instanceof TimeoutException && process.isAlive()) {
                timedOut.set(true);
                killTree(process);
            }
        });
        AtomicReference<IOException> readFailure = new AtomicReference<>();
        Thread writer = file.isPresent() ? null : startWriter(process, content, readFailure);
        ReportOutput output = new ReportOutput();
        try {
            output.readAll(process.getInputStream());
            int exit = process.waitFor();
            if (writer != null) {
                writer.join();
            }
            return result(exit, output, timedOut.get(), readFailure.get());
        } catch (IOException e) {
            killTree(process);
            return temporary(output.textThen("Unable to read the program's output: " + e.getMessage() + ". (#4.3.0)\n"));
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            return temporary(output.textThen("Program delivery interrupted: Tessera is stopping. (#4.3.0)\n"));
        } finally {
            deadline.complete(null);
        }
    }

    private DeliveryResult result(int exit, ReportOutput output, boolean timedOut, IOException readFailure) {
        if (timedOut) {
            return temporary(output.textThen("Timeout on program delivery: killed after "
                    + settings.timeout().toSeconds() + " seconds. (#4.3.0)\n"));
        }
        if (readFailure != null) {
            return temporary(output.textThen("Unable to read message: " + readFailure.getMessage() + ". (#4.3.0)\n"));
        }
        // Java cannot tell a death by signal N from an exit with 128 + N (what sh exits with when its last
        // command was killed): both are taken as a crash. Both are temporary, as in qmail; only the text differs.
        if (exit >= SIGNALLED_LOW && exit <= SIGNALLED_HIGH) {
            return temporary(output.textThen(CRASHED));
        }
        return new DeliveryResult(outcome(exit), output.text());
    }

    /** qmail-local's reading of a program's exit code. */
    static Outcome outcome(int exit) {
        return switch (exit) {
            case 0 -> Outcome.SUCCESS;
            case 99 -> Outcome.SUCCESS_STOP;
            case 100, 64, 65, 70, 76, 77, 78, 112 -> Outcome.PERMANENT;
            default -> Outcome.TEMPORARY;
        };
    }

    private static DeliveryResult temporary(String text) {
        return new DeliveryResult(Outcome.TEMPORARY, text);
    }

    // The descendants are listed first: once the shell is gone its children are no longer reachable from it.
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static Thread startWriter(Process process, MessageContent content, AtomicReference<IOException> readFailure) {
        Thread writer = new Thread(() -> feed(process, content, readFailure), "tessera-program-stdin");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    // A program need not read its input: a write failing because it stopped (EPIPE) just ends the feed.
    // A message that cannot be read must not reach the program cut short, as if whole: the program is killed.
    private static void feed(Process process, MessageContent content, AtomicReference<IOException> readFailure) {
        OutputStream stdin = process.getOutputStream();
        try (InputStream message = content.open()) {
            byte[] buffer = new byte[COPY_BUFFER];
            for (int n = message.read(buffer); n >= 0; n = message.read(buffer)) {
                if (!write(stdin, buffer, n)) {
                    return;
                }
            }
        } catch (IOException e) {
            readFailure.set(e);
            killTree(process);
        } finally {
            try {
                stdin.close();
            } catch (IOException programGone) {
                // The program has stopped reading; nothing was lost that it wanted.
            }
        }
    }

    private static boolean write(OutputStream stdin, byte[] buffer, int count) {
        try {
            stdin.write(buffer, 0, count);
            return true;
        } catch (IOException programStoppedReading) {
            return false;
        }
    }
}
