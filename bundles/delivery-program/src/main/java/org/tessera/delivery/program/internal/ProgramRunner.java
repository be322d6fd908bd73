package org.tessera.delivery.program.internal;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.mail.MessageContent;
import org.tessera.common.errors.ErrorText;

/**
 * Runs one program delivery as qmail-local's {@code mailprogram} does, plus a time limit.
 *
 * <p>Standard input is always a file at offset 0, as qmail-local gives it: the message's own file when the
 * queue keeps it in one, else a copy in a private temporary file, unlinked as soon as the program has it
 * open. Programs that seek or read their input twice ({@code condredirect}, {@code bouncesaying} behind
 * another program, filters that rewind) need that; a pipe would not do.
 *
 * <p>Threads: the calling thread reads the output and waits for the exit. The time limit costs no thread:
 * it is a task on the JDK's shared {@link CompletableFuture} delay scheduler, cancelled when the program ends.
 */
final class ProgramRunner {

    static final String SHELL = "/bin/sh";
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    static final long DEFAULT_TIMEOUT_SECONDS = 3600;

    static final String CRASHED = "Aack, child crashed. (#4.3.0)\n";

    // Java reports a death by signal N as exit value 128 + N (Linux signals go up to 64).
    private static final int SIGNALLED_LOW = 129;
    private static final int SIGNALLED_HIGH = 128 + 64;

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
        Path copy = null;
        if (file.isEmpty()) {
            try {
                copy = copyOf(content);
            } catch (IOException e) {
                return temporary("Unable to read message: " + e.getMessage() + ". (#4.3.0)\n");
            }
        }
        builder.redirectInput(file.orElse(copy).toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            if (e.getCause() instanceof FileNotFoundException unreadable) {
                return temporary("Unable to read message: " + unreadable.getMessage() + ". (#4.3.0)\n");
            }
            return temporary("Unable to run " + settings.shell() + ": " + ErrorText.ofExec(e) + ". (#4.3.0)\n");
        } finally {
            // The program has its descriptor: the name can go.
            deleteQuietly(copy);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<Void> deadline = new CompletableFuture<>();
        deadline.orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((done, failure) -> {
            if (failure instanceof TimeoutException && process.isAlive()) {
                timedOut.set(true);
                killTree(process);
            }
        });
        ReportOutput output = new ReportOutput();
        try {
            output.readAll(process.getInputStream());
            return result(process.waitFor(), output, timedOut.get());
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

    private DeliveryResult result(int exit, ReportOutput output, boolean timedOut) {
        if (timedOut) {
            return temporary(output.textThen("Timeout on program delivery: killed after "
                    + settings.timeout().toSeconds() + " seconds. (#4.3.0)\n"));
        }
        // Java cannot tell a death by signal N from an exit with 128 + N (what sh exits with when its last
        // command was killed): both are taken as a crash. Both are temporary, as in qmail; only the text differs.
        if (exit >= SIGNALLED_LOW && exit <= SIGNALLED_HIGH) {
            return temporary(output.textThen(crashed(exit)));
        }
        return new DeliveryResult(outcome(exit), output.text());
    }

    /** qmail-local's text, followed by a line with the signal, which the mail log shows. */
    static String crashed(int exit) {
        return CRASHED + "the program was killed by signal " + (exit - 128) + " (or exited with " + exit + ")\n";
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

    // Private to whoever runs the delivery (mode 0600): in root mode the user process, as the user.
    private static Path copyOf(MessageContent content) throws IOException {
        Path copy = Files.createTempFile("tessera-program-", ".msg");
        try (InputStream message = content.open()) {
            Files.copy(message, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(copy);
            throw e;
        }
    }

    private static void deleteQuietly(Path copy) {
        if (copy == null) {
            return;
        }
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            // a copy left in the temporary directory; the delivery is not affected
        }
    }
}
