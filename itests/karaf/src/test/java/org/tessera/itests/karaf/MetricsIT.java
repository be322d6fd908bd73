package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The metrics of the distribution read from {@code GET /metrics} with the JDK's HTTP client while the
 * server takes and delivers mail: a local delivery into the alias user's Maildir, a remote one to
 * Postfix's smtp-sink (routed by {@code control/smtproutes}), a deferral (a route to a port where
 * nothing listens), a bounce; the QMTP listener's relay policies through the measured hook calls; and
 * the endpoint refusing an address that is not a loopback one unless {@code allowRemote} says so.
 * Each test asserts the exact change of the series it moves.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class MetricsIT {

    private static final int SINK_PORT;
    private static final int CLOSED_PORT;

    static {
        try {
            int[] ports = TestHome.freePorts(2);
            SINK_PORT = ports[0];
            CLOSED_PORT = ports[1];
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("metrics-home",
            Map.of("smtproutes", "remote.test:127.0.0.2:" + SINK_PORT + "\ndefer.test:127.0.0.4:" + CLOSED_PORT + "\n"),
            true).etc("org.tessera.remote.cfg", "ownAddresses = 127.0.0.1\n");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String SENDER = "postmaster@example.com";
    private static Process sink;

    @BeforeClass
    public static void sinkAndRelayRule() throws Exception {
        Path sinkTool = Path.of("/usr/sbin/smtp-sink");
        boolean present = Files.isExecutable(sinkTool);
        if (!present && Boolean.getBoolean("tessera.requireTools")) {
            throw new AssertionError(sinkTool + " is missing (apt-get install postfix) and tessera.requireTools=true");
        }
        org.junit.Assume.assumeTrue(sinkTool + " is missing", present);
        Path work = Files.createDirectories(smtp.commands.home.resolve("sink"));
        sink = new ProcessBuilder(sinkTool.toString(), "-u", "nobody", "-c", "127.0.0.2:" + SINK_PORT, "100")
                .redirectErrorStream(true).redirectOutput(work.resolve("sink.out").toFile()).start();
        // This client may relay (to remote.test and defer.test).
        Files.writeString(smtp.control.resolve("tcp.smtp"), "127.0.0.1:allow,RELAYCLIENT=\"\"\n");
        smtp.ctl("cdb");
    }

    @AfterClass
    public static void stopSink() {
        if (sink != null) {
            sink.destroy();
        }
    }

    // -------------------------------------------------------------------------------------------
    // Reading the metrics

    private static HttpResponse<String> get() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + smtp.commands.metricsPort + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Every sample now: series ({@code name{labels}}, as the exporter writes it) to value. */
    private static Map<String, Double> scrape() throws Exception {
        HttpResponse<String> response = get();
        assertEquals(response.body(), 200, response.statusCode());
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    private static double value(Map<String, Double> samples, String series) {
        Double value = samples.get(series);
        if (value == null) {
            throw new AssertionError(series + " is not exported: " + samples.keySet());
        }
        return value;
    }

    /** Scrapes until the condition holds (60 s at most) and returns that scrape. */
    private static Map<String, Double> awaitMetrics(String what, Predicate<Map<String, Double>> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, Double> samples = scrape();
        while (!condition.test(samples)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within 60 s; mail log:\n" + mailLog() + "\nmetrics: " + samples);
            }
            Thread.sleep(200);
            samples = scrape();
        }
        return samples;
    }

    /** The changes between two scrapes, of the series named. */
    private static Map<String, Double> changes(Map<String, Double> before, Map<String, Double> after, List<String> series) {
        Map<String, Double> changes = new LinkedHashMap<>();
        for (String s : series) {
            changes.put(s, value(after, s) - value(before, s));
        }
        return changes;
    }

    private static String mailLog() throws IOException {
        return Files.readString(smtp.commands.home.resolve("log/current"));
    }

    private static String deliveries(String channel, String outcome, String statusClass) {
        return "tessera_deliveries_total{channel=\"" + channel + "\",outcome=\"" + outcome + "\",status_class=\""
                + statusClass + "\"}";
    }

    private static String injections(String origin, String outcome) {
        return "tessera_queue_injections_total{origin=\"" + origin + "\",outcome=\"" + outcome + "\"}";
    }

    private static String recipients(String channel, String state) {
        return "tessera_queue_recipients{channel=\"" + channel + "\",state=\"" + state + "\"}";
    }

    private static String messages(String state) {
        return "tessera_queue_messages{state=\"" + state + "\"}";
    }

    private static final String LOCAL_LATENCY = "tessera_delivery_latency_seconds_count{channel=\"local\"}";
    private static final String REMOTE_LATENCY = "tessera_delivery_latency_seconds_count{channel=\"remote\"}";
    private static final String MAILDIR_LATENCY = "tessera_local_delivery_latency_seconds_count{kind=\"maildir\"}";

    private static final List<String> COUNTERS = List.of(injections("network", "ok"), injections("bounce", "ok"),
            deliveries("local", "success", "none"), deliveries("local", "failure", "5"),
            deliveries("remote", "success", "2"), deliveries("remote", "deferral", "4"), LOCAL_LATENCY, REMOTE_LATENCY,
            MAILDIR_LATENCY);

    /** The counters above, each with the change expected; the others unchanged. */
    private static Map<String, Double> expect(Object... seriesAndChange) {
        Map<String, Double> expected = new LinkedHashMap<>();
        COUNTERS.forEach(s -> expected.put(s, 0.0));
        for (int i = 0; i < seriesAndChange.length; i += 2) {
            expected.put((String) seriesAndChange[i], ((Number) seriesAndChange[i + 1]).doubleValue());
        }
        return expected;
    }

    private static void send(String recipient, String subject) throws Exception {
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction(SENDER, List.of(recipient), "Subject: " + subject + "\r\n\r\nhello\r\n"));
        }
    }

    private static Path aliasMaildir() {
        return smtp.commands.home.resolve("alias/Maildir/new");
    }

    private static long inAliasMaildir(String text) throws IOException {
        if (!Files.isDirectory(aliasMaildir())) {
            return 0;
        }
        try (Stream<Path> files = Files.list(aliasMaildir())) {
            List<Path> all = files.toList();
            long n = 0;
            for (Path file : all) {
                if (Files.readString(file).contains(text)) {
                    n++;
                }
            }
            return n;
        }
    }

    // -------------------------------------------------------------------------------------------

    @Test
    public void a_theEndpointServesTheJvmAndEveryQueueSeriesFromTheStart() throws Exception {
        HttpResponse<String> response = get();
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        Map<String, Double> samples = scrape();
        assertTrue(samples.keySet().stream().anyMatch(s -> s.startsWith("jvm_memory_used_bytes{area=\"heap\"")));
        assertTrue(value(samples, "jvm_threads_live_threads") > 10);
        for (String series : COUNTERS) {
            assertEquals(series, 0.0, value(samples, series), 0.0);
        }
        for (String state : List.of("new", "in_delivery", "bouncing")) {
            assertEquals(0.0, value(samples, messages(state)), 0.0);
        }
        assertEquals(0.0, value(samples, "tessera_queue_oldest_message_age_seconds"), 0.0);
    }

    @Test
    public void b_aLocalDeliveryIntoAMaildir() throws Exception {
        Map<String, Double> before = scrape();
        send("postmaster@example.com", "metrics local");
        Map<String, Double> after = awaitMetrics("the local delivery counted",
                m -> value(m, deliveries("local", "success", "none")) > value(before, deliveries("local", "success", "none"))
                        && value(m, MAILDIR_LATENCY) > value(before, MAILDIR_LATENCY)
                        && value(m, messages("in_delivery")) == 0);
        assertEquals(1, inAliasMaildir("Subject: metrics local\n"));
        assertEquals(expect(injections("network", "ok"), 1, deliveries("local", "success", "none"), 1, LOCAL_LATENCY, 1,
                MAILDIR_LATENCY, 1), changes(before, after, COUNTERS));
        assertEquals(0.0, value(after, recipients("local", "waiting")), 0.0);
        assertEquals(0.0, value(after, recipients("local", "delivering")), 0.0);
    }

    @Test
    public void c_aRemoteDeliveryToTheSink() throws Exception {
        Map<String, Double> before = scrape();
        send("someone@remote.test", "metrics remote");
        Map<String, Double> after = awaitMetrics("the remote delivery counted",
                m -> value(m, REMOTE_LATENCY) > value(before, REMOTE_LATENCY) && value(m, messages("in_delivery")) == 0);
        assertTrue(mailLog(), mailLog().contains("success: 127.0.0.2_accepted_message./Remote_host_said:_250_2.0.0_Ok/"));
        assertEquals(expect(injections("network", "ok"), 1, deliveries("remote", "success", "2"), 1, REMOTE_LATENCY, 1),
                changes(before, after, COUNTERS));
    }

    @Test
    public void d_aLocalFailureIsBouncedToTheSender() throws Exception {
        Map<String, Double> before = scrape();
        // No such account, and the alias user has no .qmail-nosuchuser: qmail-local's "no mailbox" (#5.1.1).
        send("nosuchuser@example.com", "metrics bounce");
        // The failure, then the bounce (from the queue) delivered to the sender, the postmaster.
        Map<String, Double> after = awaitMetrics("the failure and its bounce counted",
                m -> value(m, injections("bounce", "ok")) > value(before, injections("bounce", "ok"))
                        && value(m, deliveries("local", "success", "none")) > value(before, deliveries("local", "success", "none"))
                        && value(m, messages("in_delivery")) == 0 && value(m, messages("bouncing")) == 0);
        assertEquals(1, inAliasMaildir("Subject: metrics bounce\n"));
        assertEquals(expect(injections("network", "ok"), 1, deliveries("local", "failure", "5"), 1, injections("bounce", "ok"), 1,
                deliveries("local", "success", "none"), 1, LOCAL_LATENCY, 1, MAILDIR_LATENCY, 1), changes(before, after, COUNTERS));
    }

    @Test
    public void e_aDeferralStaysInTheQueueAsADeferredRemoteRecipient() throws Exception {
        Map<String, Double> before = scrape();
        send("someone@defer.test", "metrics deferral");
        Map<String, Double> after = awaitMetrics("the deferral counted",
                m -> value(m, recipients("remote", "deferred")) == 1);
        assertTrue(mailLog(), mailLog().contains("deferral: Sorry,_I_wasn't_able_to_establish_an_SMTP_connection._(#4.4.1)/"));
        assertEquals(expect(injections("network", "ok"), 1, deliveries("remote", "deferral", "4"), 1),
                changes(before, after, COUNTERS));
        assertEquals(1.0, value(after, messages("in_delivery")), 0.0);
        assertEquals(0.0, value(after, recipients("remote", "waiting")), 0.0);
        assertEquals(0.0, value(after, recipients("remote", "delivering")), 0.0);
        Thread.sleep(2100);
        double age = value(scrape(), "tessera_queue_oldest_message_age_seconds");
        assertTrue("age " + age, age >= 2 && age < 120);
    }

    @Test
    public void f_theQmtpListenersRelayPoliciesAreMeasuredPerPlugin() throws Exception {
        String rcpthosts = "{listener=\"qmtp\",plugin=\"org.tessera.relaypolicy.internal.RcptHostsPolicy\"}";
        String recipientCheck = "{listener=\"qmtp\",plugin=\"org.tessera.local.internal.RecipientCheck\"}";
        Map<String, Double> before = scrape();
        NetstringClient.Answer answer = NetstringClient.qmtp(smtp.commands, new NetstringClient.Package("\n",
                "Subject: metrics qmtp\n\nhello\n", SENDER, List.of("postmaster@example.com", "u@elsewhere.test")));
        assertTrue(answer.toString(), answer.replies().get(0).startsWith("Kok "));
        // The deferred message of the test before stays in the queue: wait for the local side only.
        Map<String, Double> after = awaitMetrics("the QMTP message delivered",
                m -> value(m, MAILDIR_LATENCY) > value(before, MAILDIR_LATENCY)
                        && value(m, recipients("local", "delivering")) == 0 && value(m, recipients("local", "waiting")) == 0);
        // Two recipients: each policy asked twice (the recipient check has no opinion on this listener).
        for (String plugin : List.of(rcpthosts, recipientCheck)) {
            assertEquals(plugin, 2.0, value(after, "tessera_plugin_call_seconds_count" + plugin)
                    - before.getOrDefault("tessera_plugin_call_seconds_count" + plugin, 0.0), 0.0);
            assertEquals(plugin, 0.0, value(after, "tessera_plugin_call_timeouts_total" + plugin), 0.0);
            assertEquals(plugin, 0.0, value(after, "tessera_plugin_call_failures_total" + plugin), 0.0);
        }
        assertEquals(expect(injections("network", "ok"), 1, deliveries("local", "success", "none"), 1, LOCAL_LATENCY, 1,
                MAILDIR_LATENCY, 1), changes(before, after, COUNTERS));
    }

    @Test
    public void g_anAddressThatIsNotLoopbackIsRefusedUnlessRemoteIsAllowed() throws Exception {
        Path cfg = smtp.commands.home.resolve("etc/org.tessera.metrics.cfg");
        String original = Files.readString(cfg);
        Path karafLog = smtp.commands.home.resolve("data/log/karaf.log");
        try {
            // 0.0.0.0 would take 127.0.0.1 too: that nothing answers there shows nothing was opened.
            Files.writeString(cfg, "port = " + smtp.commands.metricsPort + "\nbind = 0.0.0.0\n");
            awaitRefused();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(karafLog).contains("0.0.0.0 is not a loopback address") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            String log = Files.readString(karafLog);
            assertTrue(log, log.contains("the metrics endpoint is not started: 0.0.0.0 is not a loopback address"));
            assertTrue(log, log.contains("set allowRemote = true in etc/org.tessera.metrics.cfg"));
        } finally {
            Files.writeString(cfg, original);
        }
        awaitServedAgain();
        assertTrue(scrape().containsKey("jvm_threads_live_threads"));
    }

    private static void awaitServedAgain() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                assertEquals(200, get().statusCode());
                return;
            } catch (ConnectException refused) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the endpoint not back on 127.0.0.1 within 30 s", refused);
                }
            }
            Thread.sleep(200);
        }
    }

    private static void awaitRefused() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> answers = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            try {
                answers.add(Integer.toString(get().statusCode()));
            } catch (ConnectException refused) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the endpoint still answered after 30 s: " + answers.size() + " answers");
    }
}
