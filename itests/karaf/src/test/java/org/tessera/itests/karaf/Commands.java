package org.tessera.itests.karaf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The unpacked distribution's commands, run as an operator runs them, against one fresh home. */
final class Commands {

    /** What a command printed (stdout and stderr together) and its exit status; -1 when it timed out. */
    record Result(int exit, String out) {
    }

    final Path distribution;
    final Path home;
    final int sshPort;
    /** The SMTP listener's port ({@code TESSERA_SMTP_PORT}): a free one, so no test depends on 2525 being free. */
    final int smtpPort;
    /** The QMTP, QMQP, POP3, sendmail -bs and POP3S listeners' ports ({@code TESSERA_QMTP_PORT}, ...), free ones too. */
    final int qmtpPort;
    final int qmqpPort;
    final int pop3Port;
    final int sendmailPort;
    /** The submission listeners' ports ({@code TESSERA_SUBMISSION_PORT}: STARTTLS; {@code TESSERA_SUBMISSIONS_PORT}: implicit TLS). */
    final int submissionPort;
    final int submissionsPort;
    final int pop3sPort;
    /** The metrics endpoint's port ({@code TESSERA_METRICS_PORT}), so that no two test servers take 2954. */
    final int metricsPort;
    /** More variables for the server, e.g. {@code TESSERA_CHECKPASSWORD}; set them before the start. */
    final Map<String, String> environment = new java.util.LinkedHashMap<>();
    /** The umask {@code bin/tessera} runs with (e.g. {@code "000"}), or null for this JVM's; set it before the start. */
    String umask;

    Commands(String homeName) throws IOException {
        distribution = Path.of(System.getProperty("tessera.distribution.dir")).toAbsolutePath();
        home = TestHome.fresh(homeName);
        int[] ports = TestHome.freePorts(10);
        sshPort = ports[0];
        smtpPort = ports[1];
        qmtpPort = ports[2];
        qmqpPort = ports[3];
        pop3Port = ports[4];
        sendmailPort = ports[5];
        submissionPort = ports[6];
        submissionsPort = ports[7];
        pop3sPort = ports[8];
        metricsPort = ports[9];
    }

    /**
     * {@code bin/tessera start}, then {@code ctl stat} until it succeeds (every Tessera bundle and
     * component active).
     *
     * @return seconds from the start command to the first successful {@code ctl stat}
     */
    /** The last 40 WARN and ERROR lines of the server's karaf.log, to say why a start failed. */
    private String logProblems() throws IOException {
        Path log = home.resolve("data/log/karaf.log");
        if (!Files.exists(log)) {
            return "(no " + log + ")";
        }
        List<String> problems;
        try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            problems = lines.filter(line -> line.contains("| WARN ") || line.contains("| ERROR")).toList();
        }
        return String.join("\n", problems.subList(Math.max(0, problems.size() - 40), problems.size()));
    }

    double startAndAwaitUp(int limitSeconds) throws Exception {
        long started = System.nanoTime();
        Result start = tessera(120, "start");
        if (start.exit() != 0) {
            throw new AssertionError("bin/tessera start: " + start + "\nkaraf.log's warnings and errors:\n"
                    + logProblems());
        }
        long deadline = started + TimeUnit.SECONDS.toNanos(limitSeconds);
        Result stat;
        do {
            Thread.sleep(200);
            stat = tessera(60, "ctl", "stat");
        } while (stat.exit() != 0 && System.nanoTime() < deadline);
        if (stat.exit() != 0) {
            throw new AssertionError("ctl stat within " + limitSeconds + " s: " + stat);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    String bin(String name) {
        return distribution.resolve("bin").resolve(name).toString();
    }

    Result tessera(int timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (umask != null) {
            command.addAll(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
        }
        command.add(bin("tessera"));
        command.addAll(List.of(args));
        return run(timeoutSeconds, command, null);
    }

    /** Every port the server is given, by the variable that gives it: the listeners and the console. */
    Map<String, Integer> ports() {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        ports.put("TESSERA_SSH_PORT", sshPort);
        ports.put("TESSERA_SMTP_PORT", smtpPort);
        ports.put("TESSERA_QMTP_PORT", qmtpPort);
        ports.put("TESSERA_QMQP_PORT", qmqpPort);
        ports.put("TESSERA_POP3_PORT", pop3Port);
        ports.put("TESSERA_SENDMAIL_PORT", sendmailPort);
        ports.put("TESSERA_SUBMISSION_PORT", submissionPort);
        ports.put("TESSERA_SUBMISSIONS_PORT", submissionsPort);
        ports.put("TESSERA_POP3S_PORT", pop3sPort);
        ports.put("TESSERA_METRICS_PORT", metricsPort);
        return ports;
    }

    /** Runs a command with this home's environment; {@code input} (or nothing) on its standard input. */
    Result run(int timeoutSeconds, List<String> command, Path input) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectInput(input == null ? Path.of("/dev/null").toFile() : input.toFile());
        Map<String, String> env = builder.environment();
        env.put("TESSERA_HOME", home.toString());
        ports().forEach((name, port) -> env.put(name, Integer.toString(port)));
        env.putAll(environment);
        // Karaf's bin/client keeps its temporary files in the instance's data directory: the home's.
        env.put("KARAF_DATA", home.resolve("data").toString());
        env.put("TZ", "UTC");
        env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        Path output = Files.createTempFile("tessera-it", ".out");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.delete(output);
        }
    }
}
