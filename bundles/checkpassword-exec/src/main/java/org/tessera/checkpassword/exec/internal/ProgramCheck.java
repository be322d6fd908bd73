package org.tessera.checkpassword.exec.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.auth.AuthResult;

/**
 * One run of a checkpassword program: login, password and timestamp on its descriptor 3, the answer in its exit
 * status, and on success the account from {@code checkpassword-reply} on its standard output.
 */
final class ProgramCheck {

    static final long DEFAULT_TIMEOUT_SECONDS = 10;
    static final long MAX_TIMEOUT_SECONDS = 3600;

    // Java cannot hand a child descriptor 3. The shell moves its standard input, our pipe, there and gives the
    // program /dev/null instead; exec keeps one process, so the one Java watches and kills is the program itself.
    static final String SHELL = "/bin/sh";
    static final String TO_DESCRIPTOR_3 = "exec \"$@\" 3<&0 0</dev/null";

    // The whole environment: DJB's checkpassword hands on what it gets, and nothing of the server's belongs there.
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    /**
     * The most input written. checkpassword itself rejects more than 512 bytes (exit 1); beyond a page, which
     * any pipe holds, the write could wait for a program that does not read, out of reach of the timeout.
     */
    static final int INPUT_LIMIT = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(ProgramCheck.class);

    // Java reports a death by signal N as 128 + N, as the shell reports a command it saw killed.
    private static final int SIGNALLED_LOW = 129;
    private static final int SIGNALLED_HIGH = 128 + 64;

    /**
     * How to run the program.
     *
     * @param program the program and its arguments; empty when none is configured
     * @param replyProgram what checkpassword runs once switched to the account (an absolute path)
     * @param timeout how long a check may take before the program and its descendants are killed
     */
    record Settings(List<String> program, String replyProgram, Duration timeout) {

        Settings {
            program = List.copyOf(program);
        }

        List<String> command() {
            List<String> command = new ArrayList<>(List.of(SHELL, "-c", TO_DESCRIPTOR_3, "checkpassword"));
            command.addAll(program);
            command.add(replyProgram);
            return command;
        }
    }

    private final Settings settings;
    private final ExecutorService readers;
    private volatile boolean stopped;
    private volatile Process process;
    private volatile Future<AuthResult> reply;

    ProgramCheck(Settings settings, ExecutorService readers) {
        this.settings = settings;
        this.readers = readers;
    }

    /**
     * What the program reads on descriptor 3, {@code login\0password\0timestamp\0}, or null when no program
     * could accept it: too long, or a NUL inside that would move the fields.
     */
    static byte[] input(String login, byte[] password, String timestamp) {
        byte[] user = login.getBytes(StandardCharsets.UTF_8);
        byte[] challenge = timestamp.getBytes(StandardCharsets.UTF_8);
        int length = user.length + password.length + challenge.length + 3;
        if (length > INPUT_LIMIT || contains0(user) || contains0(password) || contains0(challenge)) {
            return null;
        }
        byte[] input = new byte[length];
        System.arraycopy(user, 0, input, 0, user.length);
        System.arraycopy(password, 0, input, user.length + 1, password.length);
        System.arraycopy(challenge, 0, input, user.length + password.length + 2, challenge.length);
        return input;
    }

    private static boolean contains0(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** Runs the program on {@code input}; returns within the timeout, whatever the program does. */
    AuthResult run(byte[] input) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        ProcessBuilder builder = new ProcessBuilder(settings.command());
        builder.environment().clear();
        builder.environment().put("PATH", PATH);
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            LOG.warn("Cannot run {} for checkpassword program {}: {}", SHELL, name(), e.getMessage());
            return AuthResult.TEMPORARY_FAILURE;
        }
        process = started;
        try {
            if (stopped) {
                return AuthResult.TEMPORARY_FAILURE;
            }
            Future<AuthResult> answer = readers.submit(() -> CheckpasswordReply.read(started.getInputStream()));
            reply = answer;
            readers.execute(() -> ErrorOutput.drain(name(), started.getErrorStream()));
            write(started, input);
            if (!started.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
                LOG.warn("Checkpassword program {} killed after {} s", name(), settings.timeout().toSeconds());
                return AuthResult.TEMPORARY_FAILURE;
            }
            return stopped ? AuthResult.TEMPORARY_FAILURE : outcome(started.exitValue(), answer, deadline);
        } catch (RejectedExecutionException stopping) {
            return AuthResult.TEMPORARY_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AuthResult.TEMPORARY_FAILURE;
        } finally {
            if (started.isAlive()) {
                killTree(started);
            }
        }
    }

    /** Ends the check soon, as a temporary failure: the checker is stopping. */
    void stop() {
        stopped = true;
        Process running = process;
        if (running != null) {
            killTree(running);
        }
        Future<AuthResult> waited = reply;
        if (waited != null) {
            waited.cancel(true);
        }
    }

    // The JDK's pipe keeps a copy of the input in its buffer until the stream is collected; only ours is cleared.
    private static void write(Process process, byte[] input) {
        try (OutputStream descriptor3 = process.getOutputStream()) {
            descriptor3.write(input);
        } catch (IOException programStoppedReading) {
            // It closed descriptor 3 early or is gone: its exit status says what it made of the input.
        }
    }

    private AuthResult outcome(int exit, Future<AuthResult> answer, long deadline) throws InterruptedException {
        return switch (exit) {
            case 0 -> account(answer, deadline);
            case 1, 2 -> AuthResult.REJECTED;
            case 111 -> {
                LOG.info("Checkpassword program {} failed temporarily (exit 111)", name());
                yield AuthResult.TEMPORARY_FAILURE;
            }
            default -> {
                LOG.warn("Checkpassword program {} {}: login failed temporarily", name(), status(exit));
                yield AuthResult.TEMPORARY_FAILURE;
            }
        };
    }

    // The reply is usually complete when the program exits; a process it left behind may hold the output open,
    // which is why the wait ends with the deadline and the reader stops at a whole reply, not at end of file.
    private AuthResult account(Future<AuthResult> answer, long deadline) throws InterruptedException {
        try {
            return answer.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            String problem = e.getCause() instanceof CheckpasswordReply.Unreadable unreadable ? unreadable.getMessage()
                    : "its output could not be read (" + e.getCause() + ")";
            LOG.warn("Checkpassword program {} accepted the login but {} (does it run {}?)", name(), problem,
                    settings.replyProgram());
        } catch (TimeoutException e) {
            LOG.warn("Checkpassword program {} accepted the login but its reply was not complete after {} s",
                    name(), settings.timeout().toSeconds());
        } catch (CancellationException stopping) {
            // deactivate() cancelled the wait.
        }
        return AuthResult.TEMPORARY_FAILURE;
    }

    private static String status(int exit) {
        if (exit == 126) {
            return "could not be run (exit 126: not executable)";
        }
        if (exit == 127) {
            return "could not be run (exit 127: not found)";
        }
        if (exit >= SIGNALLED_LOW && exit <= SIGNALLED_HIGH) {
            return "was killed by signal " + (exit - 128) + " (exit status " + exit + ")";
        }
        return "exited " + exit;
    }

    private String name() {
        return settings.program().get(0);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    // The descendants are listed first: once the program is gone, its children no longer descend from it.
    private static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
