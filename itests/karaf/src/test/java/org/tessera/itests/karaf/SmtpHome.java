package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.rules.ExternalResource;

import org.tessera.itests.karaf.Commands.Result;
import org.tessera.itests.karaf.QueueListing.Message;

/**
 * One home for the SMTP itests: {@code control/me} is {@value #ME}, {@code rcpthosts} is
 * {@code example.com}, {@code locals} both; the server of it, its ctl, and the queue checks the
 * SMTP tests share.
 */
final class SmtpHome extends ExternalResource {

    static final String ME = "mx.tessera.test";
    /** qmail-smtpd's answer for a queued message (qmail-smtpd(8)). */
    static final Pattern QUEUED = Pattern.compile("250 ok (\\d+) qp (\\d+)\r\n");

    private final String name;
    private final Map<String, String> moreControl;
    private final boolean delivering;
    private final Map<String, String> environment;
    private final Map<String, String> etc = new java.util.LinkedHashMap<>();
    private final AtomicInteger sentinels = new AtomicInteger();
    Commands commands;
    Path control;
    int port;

    /**
     * A class rule: before the tests, a fresh home with the control files above and {@code moreControl}
     * (file name to content), and the server started (its queue delivering, or paused); after them,
     * the server stopped.
     */
    SmtpHome(String name, Map<String, String> moreControl, boolean delivering) {
        this(name, moreControl, delivering, Map.of());
    }

    /** As above, with more variables in the server's environment (e.g. {@code TESSERA_CHECKPASSWORD}). */
    SmtpHome(String name, Map<String, String> moreControl, boolean delivering, Map<String, String> environment) {
        this.name = name;
        this.moreControl = Map.copyOf(moreControl);
        this.delivering = delivering;
        this.environment = Map.copyOf(environment);
    }

    /**
     * A file of the home's {@code etc/} (e.g. a listener's or the login throttle's configuration), written
     * before the first start, so that the distribution's own is not copied there.
     */
    SmtpHome etc(String file, String content) {
        etc.put(file, content);
        return this;
    }

    /** A home whose queue is paused: the SMTP tests look at what the listener queued, and nothing is taken out. */
    SmtpHome(String name, Map<String, String> moreControl) {
        this(name, moreControl, false);
    }

    SmtpHome(String name) {
        this(name, Map.of());
    }

    @Override
    protected void before() throws Throwable {
        commands = new Commands(name);
        commands.environment.putAll(environment);
        control = Files.createDirectories(commands.home.resolve("control"));
        Files.writeString(control.resolve("me"), ME + "\n");
        Files.writeString(control.resolve("rcpthosts"), "example.com\n");
        Files.writeString(control.resolve("locals"), "example.com\n" + ME + "\n");
        for (Map.Entry<String, String> file : moreControl.entrySet()) {
            Files.writeString(control.resolve(file.getKey()), file.getValue());
        }
        for (Map.Entry<String, String> file : etc.entrySet()) {
            Files.writeString(Files.createDirectories(commands.home.resolve("etc")).resolve(file.getKey()), file.getValue());
        }
        port = commands.smtpPort;
        try {
            commands.startAndAwaitUp(180);
            if (!delivering) {
                ctl("pause");
            }
        } catch (Throwable notUp) {
            // JUnit calls after() only when before() succeeded: a server that started but never came
            // up would outlive the tests and hold this home when the next build recreates it.
            after();
            throw notUp;
        }
    }

    @Override
    protected void after() {
        try {
            if (commands != null && Files.exists(commands.home.resolve("data"))) {
                commands.tessera(60, "stop");
            }
        } catch (Exception e) {
            throw new IllegalStateException("the server did not stop", e);
        }
    }

    /** {@code bin/tessera ctl ARGS}, which must succeed. */
    Result ctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ctl"));
        command.addAll(List.of(args));
        Result r = commands.tessera(60, command.toArray(String[]::new));
        assertEquals(r.toString(), 0, r.exit());
        return r;
    }

    void reload() throws Exception {
        ctl("reload");
    }

    /** Queues a fresh message, waits until the queue lists it, and returns that listing. */
    List<Message> sentinel() throws Exception {
        String sentinel = "sentinel-" + sentinels.incrementAndGet() + "@example.com";
        try (SmtpClient c = SmtpClient.greeted(port)) {
            String reply = c.transaction("sentinel@b.test", List.of(sentinel), "Subject: sentinel\r\n\r\n");
            assertQueued(reply);
        }
        return QueueListing.awaitRecipient(commands, sentinel);
    }

    /**
     * Nothing went into the queue for {@code recipient}: checked once a message queued after the
     * refusal is listed, so a late commit would have shown.
     */
    void assertNotQueued(String recipient) throws Exception {
        List<Message> listing = sentinel();
        assertFalse(recipient + " in " + listing, listing.stream().anyMatch(m -> m.hasRecipient(recipient)));
    }

    /**
     * The results of the deliveries to {@code recipient} the mail log has, in order, waiting until
     * there are {@code count}: {@code success: did_1+0+0/}, {@code deferral: ...}.
     */
    List<String> deliveryOutcomes(String recipient, int count) throws Exception {
        Pattern start = Pattern.compile("starting delivery (\\d+): msg \\d+ to local " + Pattern.quote(recipient) + "$");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<String> lines = mailLog().lines().toList();
            List<String> outcomes = new ArrayList<>();
            for (String line : lines) {
                Matcher m = start.matcher(line);
                if (m.find()) {
                    Pattern end = Pattern.compile(" delivery " + m.group(1) + ": ((success|failure|deferral): .*)$");
                    lines.stream().map(end::matcher).filter(Matcher::find).findFirst().ifPresent(e -> outcomes.add(e.group(1)));
                }
            }
            if (outcomes.size() >= count) {
                return outcomes;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + count + " deliveries to " + recipient + " within 60 s:\n" + mailLog());
            }
            Thread.sleep(200);
        }
    }

    /** Karaf's own log as it is now ({@code data/log/karaf.log}). */
    String karafLog() throws IOException {
        return Files.readString(commands.home.resolve("data/log/karaf.log"));
    }

    /** The mail log as it is now ({@code log/current}). */
    String mailLog() throws IOException {
        return Files.readString(commands.home.resolve("log/current"));
    }

    /** Waits until the queue lists a message to {@code recipient}, which must be the only one, and returns it. */
    Message queuedTo(String recipient) throws Exception {
        return QueueListing.only(QueueListing.awaitRecipient(commands, recipient), recipient).orElseThrow();
    }

    static void assertQueued(String reply) {
        assertTrue(SmtpClient.printable(reply), QUEUED.matcher(reply).matches());
    }

    /** The messages in {@code maildir}'s {@code new/} whose Subject line is {@code subject}. */
    static List<Path> holding(Path maildir, String subject) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(maildir.resolve("new"))) {
            for (Path file : files.toList()) {
                if (Files.readString(file).contains("Subject: " + subject + "\n")) {
                    found.add(file);
                }
            }
        }
        return found;
    }
}
