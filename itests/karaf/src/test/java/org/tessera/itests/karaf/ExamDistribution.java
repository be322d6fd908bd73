package org.tessera.itests.karaf;

import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/** The built distribution in Pax Exam's Karaf container, and its console, for the in-container tests. */
final class ExamDistribution {

    private ExamDistribution() {
    }

    /** Boots the tar.gz with a fresh home under target/ and free console and SMTP ports. */
    static Option[] options(String homeName) throws IOException {
        return options(homeName, TestHome.freePort());
    }

    /** As {@link #options(String)}, with the SMTP listener on {@code smtpPort}. */
    static Option[] options(String homeName, int smtpPort) throws IOException {
        Path home = TestHome.fresh(homeName);
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(new File(System.getProperty("tessera.distribution")).toURI().toString())
                    .name("Tessera")
                    .karafVersion(System.getProperty("karaf.version"))
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            keepRuntimeFolder(),
            logLevel(LogLevel.WARN),
            systemTimeout(120_000),
            editConfigurationFilePut("etc/system.properties", "tessera.home", home.toString()),
            // What bin/tessera passes on its command line, for etc/org.tessera.smtp-main.cfg.
            editConfigurationFilePut("etc/system.properties", "tessera.bind", "127.0.0.1"),
            editConfigurationFilePut("etc/system.properties", "tessera.smtp.port", Integer.toString(smtpPort)),
            editConfigurationFilePut("etc/system.properties", "tessera.qmtp.port", Integer.toString(TestHome.freePort())),
            editConfigurationFilePut("etc/system.properties", "tessera.qmqp.port", Integer.toString(TestHome.freePort())),
            editConfigurationFilePut("etc/system.properties", "tessera.pop3.port", Integer.toString(TestHome.freePort())),
            editConfigurationFilePut("etc/system.properties", "tessera.sendmail.port", Integer.toString(TestHome.freePort())),
            editConfigurationFilePut("etc/system.properties", "tessera.submission.port", Integer.toString(TestHome.freePort())),
            editConfigurationFilePut("etc/system.properties", "tessera.submissions.port", Integer.toString(TestHome.freePort())),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(TestHome.freePort())),
        };
    }

    /**
     * Runs one console command and returns what it printed; a failing command throws. Karaf's shell
     * extender registers a bundle's commands some time after the bundle started: a command not found
     * yet is tried again for up to 30 s.
     */
    static String execute(SessionFactory sessionFactory, String command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                Session session = sessionFactory.create(System.in, out, out);
                try {
                    session.execute(command);
                    return bytes.toString(StandardCharsets.UTF_8);
                } catch (Exception e) {
                    if (!e.getClass().getSimpleName().equals("CommandNotFoundException") || System.nanoTime() > deadline) {
                        throw e;
                    }
                } finally {
                    session.close();
                }
            }
            Thread.sleep(100);
        }
    }

    /** Waits up to 30 s for a condition, failing the test when it never holds. */
    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(50);
        }
    }
}
