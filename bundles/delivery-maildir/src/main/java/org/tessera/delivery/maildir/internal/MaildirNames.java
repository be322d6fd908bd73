package org.tessera.delivery.maildir.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Unique Maildir file names, {@code <seconds>.M<microseconds>P<pid>Q<delivery>.<host>}: the pid and the
 * delivery counter keep the many deliveries of one JVM apart, where qmail had one process per delivery.
 */
final class MaildirNames implements Supplier<String> {

    // gethostname's limit, which qmail-local's name also had.
    private static final int HOST_LIMIT = 64;

    private final String process;
    private final String host;
    private final AtomicLong deliveries = new AtomicLong();

    MaildirNames(long pid, String host) {
        this.process = "P" + pid + "Q";
        this.host = "." + safeHost(host);
    }

    /** Names for this JVM on this host. */
    static MaildirNames forThisProcess() {
        return new MaildirNames(ProcessHandle.current().pid(), kernelHostName());
    }

    @Override
    public String get() {
        Instant now = Instant.now();
        return now.getEpochSecond() + ".M" + now.getNano() / 1000 + process + deliveries.incrementAndGet() + host;
    }

    /** The host name as a name part: {@code /} and {@code :} cannot appear in it (maildir(5) writes them octal). */
    static String safeHost(String host) {
        String bounded = host.length() > HOST_LIMIT ? host.substring(0, HOST_LIMIT) : host;
        return bounded.replace("/", "\\057").replace(":", "\\072");
    }

    /** What gethostname gives, without a resolver lookup that could block a delivery's start. */
    static String kernelHostName() {
        try {
            String name = new String(Files.readAllBytes(Path.of("/proc/sys/kernel/hostname")),
                    StandardCharsets.ISO_8859_1).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // not Linux: fall through to the environment
        }
        String environment = System.getenv("HOSTNAME");
        return environment == null || environment.isBlank() ? "localhost" : environment.strip();
    }
}
