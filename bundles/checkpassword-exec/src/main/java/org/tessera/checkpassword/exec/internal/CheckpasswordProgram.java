package org.tessera.checkpassword.exec.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.api.plugin.Ranking;

/**
 * A {@link PasswordChecker} that asks a DJB checkpassword program (DJB's checkpassword interface), as qmail-popup does, and
 * learns the account it switched to from {@code bin/checkpassword-reply}, the program it runs on success.
 */
@Component(service = PasswordChecker.class, configurationPid = CheckpasswordProgram.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Ranking(CheckpasswordProgram.RANKING)
@Designate(ocd = CheckpasswordProgramConfiguration.class)
public final class CheckpasswordProgram implements PasswordChecker {

    static final String PID = "org.tessera.checkpassword.exec";
    static final String ENVIRONMENT = "TESSERA_CHECKPASSWORD";
    static final int RANKING = 200;

    private static final Logger LOG = LoggerFactory.getLogger(CheckpasswordProgram.class);
    private static final long STOP_WAIT_SECONDS = 5;
    private static final long IDLE_THREAD_SECONDS = 30;

    private final UnaryOperator<String> environment;
    private final AtomicInteger threadNumber = new AtomicInteger();
    // Created with the instance (it starts no thread until a check needs one), so it can be final and is never
    // seen half-built by a caller; DS makes a new instance for every activation.
    private final ThreadPoolExecutor readers = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
            IDLE_THREAD_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), this::newThread);
    private final Set<ProgramCheck> running = ConcurrentHashMap.newKeySet();
    private volatile ProgramCheck.Settings settings;
    private volatile boolean stopped;

    /** Creates the checker as DS does: {@value #ENVIRONMENT} comes from the process environment. */
    public CheckpasswordProgram() {
        this(System::getenv);
    }

    // Tests pass their own environment: Java cannot set a variable of its own process.
    CheckpasswordProgram(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    private Thread newThread(Runnable task) {
        Thread thread = new Thread(task, "tessera-checkpassword-" + threadNumber.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    @Activate
    @Modified
    void configure(CheckpasswordProgramConfiguration config) {
        String fromEnvironment = environment.apply(ENVIRONMENT);
        boolean overridden = fromEnvironment != null && !fromEnvironment.isBlank();
        List<String> program = words(overridden ? fromEnvironment : config.program());
        // Absolute: checkpassword runs it after changing to the account's home directory.
        String reply = Path.of(config.replyProgram().isBlank() ? defaultReplyProgram() : config.replyProgram().strip())
                .toAbsolutePath().toString();
        long timeoutSeconds = Math.max(1, Math.min(ProgramCheck.MAX_TIMEOUT_SECONDS, config.timeoutSeconds()));
        settings = new ProgramCheck.Settings(program, reply, Duration.ofSeconds(timeoutSeconds));
        if (program.isEmpty()) {
            LOG.info("No checkpassword program configured (" + ENVIRONMENT + ", or program in etc/" + PID
                    + ".cfg): every login passes to the next password checker");
            return;
        }
        // The program's name only: its arguments may hold a database password.
        LOG.info("Checking logins with {} (from {}), timeout {} s", program.get(0),
                overridden ? ENVIRONMENT : "etc/" + PID + ".cfg", timeoutSeconds);
        if (!Files.isExecutable(Path.of(reply))) {
            LOG.warn("The checkpassword reply program {} is missing or not executable: every right password"
                    + " will fail temporarily", reply);
        }
    }

    private static List<String> words(String command) {
        String stripped = command.strip();
        return stripped.isEmpty() ? List.of() : List.of(stripped.split("[ \t]+"));
    }

    private static String defaultReplyProgram() {
        return Path.of(System.getProperty("karaf.home", ""), "bin", "checkpassword-reply").toString();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopped = true;
        running.forEach(ProgramCheck::stop);
        readers.shutdownNow();
        if (!readers.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("A checkpassword program left processes behind that still hold its output open {} s after"
                    + " the checker stopped", STOP_WAIT_SECONDS);
        }
    }

    @Override
    public AuthResult check(String login, byte[] password, String timestamp) {
        ProgramCheck.Settings current = settings;
        if (current.program().isEmpty()) {
            return AuthResult.REJECTED;
        }
        byte[] input = ProgramCheck.input(login, password, timestamp);
        if (input == null) {
            LOG.debug("Login, password or timestamp too long or holding a NUL: rejected without asking {}",
                    current.program().get(0));
            return AuthResult.REJECTED;
        }
        ProgramCheck check = new ProgramCheck(current, readers);
        running.add(check);
        try {
            // After joining the running set: deactivate either stops this check or has already set the flag.
            return stopped ? AuthResult.TEMPORARY_FAILURE : check.run(input);
        } finally {
            running.remove(check);
            Arrays.fill(input, (byte) 0);
        }
    }
}
