package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.tessera.itests.karaf.Commands.Result;

/**
 * Tessera in an operator's own Apache Karaf (issue 13): the stock {@code apache-karaf} tar.gz from Maven
 * Central, Tessera's artifacts reachable as a Maven repository (here the distribution's {@code system/}),
 * {@code feature:repo-add} and {@code feature:install tessera} in its console, the home and the ports as
 * the system properties {@code bin/tessera} passes, given in {@code EXTRA_JAVA_OPTS}: every bundle and
 * component comes up and the listeners listen, with the configuration the features carry.
 */
public class StockKarafIT {

    @Test
    public void featureInstallTesseraGivesAWorkingServer() throws Exception {
        Commands commands = new Commands("stock-karaf-home");
        Path unpacked = Files.createDirectories(TestHome.fresh("stock-karaf"));
        Result untar = commands.run(120, List.of("tar", "xzf", System.getProperty("stock.karaf"), "-C", unpacked.toString()),
                null);
        assertEquals(untar.toString(), 0, untar.exit());
        Path karaf = unpacked.resolve("apache-karaf-" + System.getProperty("karaf.version"));
        int ssh = TestHome.freePort();
        // What an operator does to a fresh Karaf: an admin account, a free console port, where the artifacts are.
        edit(karaf.resolve("etc/users.properties"), "#karaf = karaf,_g_:admingroup", "karaf = karaf,_g_:admingroup");
        edit(karaf.resolve("etc/users.properties"), "#_g_\\:admingroup", "_g_\\:admingroup");
        edit(karaf.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + ssh);
        edit(karaf.resolve("etc/org.ops4j.pax.url.mvn.cfg"),
                "${karaf.base.uri}${karaf.default.repository}@id=child.system.repository@snapshots",
                "${karaf.base.uri}${karaf.default.repository}@id=child.system.repository@snapshots, \\\n    "
                        + commands.distribution.resolve("system").toUri() + "@id=tessera@snapshots");
        String options = "-Dtessera.home=" + commands.home + " -Dtessera.smtp.port=" + commands.smtpPort
                + " -Dtessera.qmtp.port=" + commands.qmtpPort + " -Dtessera.qmqp.port=" + commands.qmqpPort
                + " -Dtessera.pop3.port=" + commands.pop3Port + " -Dtessera.submission.port=" + commands.submissionPort
                + " -Dtessera.submissions.port=" + commands.submissionsPort;
        Result start = karafScript(karaf, options, null, "bin/start");
        assertEquals(start.toString(), 0, start.exit());
        try {
            awaitBooted(karaf);
            Result install = console(karaf, ssh,
                    "feature:repo-add mvn:org.tessera/tessera-features/" + projectVersion() + "/xml/features\n"
                            + "feature:install tessera\n");
            assertEquals(install.toString(), 0, install.exit());
            Result stat = awaitStat(karaf, ssh);
            assertTrue(stat.out(), stat.out().matches("(?s).*all \\d+ bundles and \\d+ components active.*"));
            // On the ports the system properties name: the features' configuration took them.
            for (int port : List.of(commands.smtpPort, commands.qmtpPort, commands.qmqpPort, commands.pop3Port,
                    commands.submissionPort, commands.submissionsPort)) {
                assertTrue(port + " in " + stat.out(), stat.out().matches("(?s).*127\\.0\\.0\\.1:" + port + " +\\| [a-zA-Z]+ +\\| LISTENING.*"));
            }
            assertEquals("220 ", greeting(commands.smtpPort));
            assertTrue("the home the system property names", Files.isRegularFile(commands.home.resolve("control/me")));
        } finally {
            karafScript(karaf, "", null, "bin/stop");
        }
    }

    // Karaf writes the features' configuration to etc/ after creating it, and fileinstall then updates it once
    // more, which restarts the listener: a connection in that moment is refused, so a refusal is tried again.
    private static String greeting(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket smtp = new Socket("127.0.0.1", port); InputStream in = smtp.getInputStream()) {
                smtp.setSoTimeout(10_000);
                return new String(in.readNBytes(4), StandardCharsets.US_ASCII);
            } catch (java.net.ConnectException refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(200);
            }
        }
    }

    private static String projectVersion() {
        // The distribution's directory is tessera-<version>.
        return Path.of(System.getProperty("tessera.distribution.dir")).getFileName().toString().substring("tessera-".length());
    }

    private static void edit(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertTrue(from + " in " + file, text.contains(from));
        Files.writeString(file, text.replace(from, to));
    }

    // The console answers once Karaf has installed its own boot features.
    private static void awaitBooted(Path karaf) throws Exception {
        Path log = karaf.resolve("data/log/karaf.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("Registering commands for bundle org.apache.karaf.shell.ssh")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("stock Karaf did not boot within 120 s");
    }

    private static Result awaitStat(Path karaf, int ssh) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Result stat;
        do {
            stat = console(karaf, ssh, "qmail:stat\n");
            String out = stat.out();
            if (stat.exit() == 0 && out.contains("components active")
                    && List.of("SMTP ", "QMTP ", "QMQP ", "POP3 ").stream().allMatch(out::contains)) {
                return stat;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return stat;
    }

    // Karaf's own client in batch mode: the commands on standard input, as an operator's script gives them.
    private static Result console(Path karaf, int ssh, String script) throws Exception {
        Path input = Files.writeString(Files.createTempFile("stock-karaf", ".script"), script);
        try {
            return karafScript(karaf, "", input, "bin/client", "-a", Integer.toString(ssh), "-h", "127.0.0.1", "-u",
                    "karaf", "-p", "karaf", "-r", "30", "-b");
        } finally {
            Files.delete(input);
        }
    }

    /** Runs one of Karaf's scripts as an operator's shell would: only PATH, JAVA_HOME and EXTRA_JAVA_OPTS set. */
    private static Result karafScript(Path karaf, String javaOptions, Path input, String script, String... args)
            throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(karaf.resolve(script).toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("stock-karaf", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(input == null ? Path.of("/dev/null").toFile() : input.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("EXTRA_JAVA_OPTS", javaOptions);
        try {
            Process process = builder.start();
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.delete(output);
        }
    }
}
