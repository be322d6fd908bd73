package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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
import org.tessera.itests.karaf.Commands.Result;
import org.tessera.itests.karaf.MetricNames.Expression;

/**
 * The metrics of the distribution read from {@code GET /metrics} with the JDK's HTTP client while the
 * server takes and delivers mail: a local delivery into the alias user's Maildir, a remote one to
 * Postfix's smtp-sink (routed by {@code control/smtproutes}), a deferral (a route to a port where
 * nothing listens), a bounce; the QMTP listener's relay policies through the measured hook calls; and
 * the endpoint refusing an address that is not a loopback one unless {@code allowRemote} says so.
 * Each test asserts the exact change of the series it moves. Last, once a submission session (STARTTLS,
 * AUTH, a refusal) has made the TLS, login and refusal series exist too, every metric name the
 * distribution's Grafana dashboard and Prometheus alert rules use must be one this server exports.
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
            true).etc("org.tessera.remote.cfg", "ownAddresses = 127.0.0.1\n")
            // A user for the submission session that makes the login and TLS series exist.
            .etc("passwd.tessera", "joe:{PLAIN}" + MetricsIT.PASSWORD + "::::::\n");
    static final String PASSWORD = "joes-secret";

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
    public void ea_aRelayRefusalIsCountedByItsReason() throws Exception {
        String relay = "tessera_smtp_refusals_total{code=\"553\",listener=\"smtp\",reason=\"relay\"}";
        String rcpt = "tessera_smtp_commands_total{listener=\"smtp\",verb=\"rcpt\"}";
        Map<String, Double> before = scrape();
        // From another loopback address, which the relay rule above (127.0.0.1) does not cover.
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), smtp.port,
                java.net.InetAddress.getByName("127.0.0.5"), 0)) {
            socket.setSoTimeout(30_000);
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            java.io.OutputStream out = socket.getOutputStream();
            assertTrue(in.readLine().startsWith("220 "));
            out.write(("MAIL FROM:<" + SENDER + ">\r\nRCPT TO:<u@elsewhere.test>\r\nQUIT\r\n").getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("250 ok", in.readLine());
            assertEquals("553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", in.readLine());
        }
        Map<String, Double> after = scrape();
        assertEquals(1.0, value(after, relay) - before.getOrDefault(relay, 0.0), 0.0);
        assertEquals(1.0, value(after, rcpt) - before.getOrDefault(rcpt, 0.0), 0.0);
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

    @Test
    public void h_theDashboardAndTheAlertRulesNameOnlyMetricsTheServerExports() throws Exception {
        // The series that exist only once their event happened: a STARTTLS handshake, a login, a refusal.
        SmtpIT.requireTool("python3");
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='client.test', timeout=30)",
                "context = ssl.create_default_context(cafile=sys.argv[2])",
                "context.check_hostname = False",
                "s.starttls(context=context)",
                "print('login', s.login('joe', sys.argv[3]))",
                "print('refused', s.sendmail('joe@" + SmtpHome.ME + "', ['postmaster@example.com'],"
                        + " 'Subject: metrics submission\\r\\n\\r\\nhi\\r\\n'))",
                "s.quit()",
                "");
        Path file = Files.writeString(smtp.commands.home.resolve("submit.py"), script);
        Result r = smtp.commands.run(60, List.of("python3", file.toString(), Integer.toString(smtp.commands.submissionPort),
                smtp.commands.home.resolve("etc/tls/tessera.crt").toString(), PASSWORD), null);
        assertEquals(r.toString(), 0, r.exit());
        assertTrue(r.out(), r.out().contains("refused {}"));
        try (SmtpClient c = SmtpClient.greeted(smtp.commands.submissionPort)) {
            // MAIL before STARTTLS and AUTH: refused (530), which makes the refusals' series exist.
            assertTrue(c.command("MAIL FROM:<joe@" + SmtpHome.ME + ">").startsWith("530 "));
        }
        awaitMetrics("the submitted message delivered", m -> inAliasMaildirQuietly("Subject: metrics submission\n") == 1
                && m.keySet().stream().anyMatch(s -> s.startsWith("tessera_logins_total{") && s.contains("result=\"ok\"")));

        String text = get().body();
        MetricNames.Exported exported = MetricNames.Exported.from(text);
        Path dashboardFile = smtp.commands.distribution.resolve("etc/grafana/tessera.json");
        Path rulesFile = smtp.commands.distribution.resolve("etc/prometheus/tessera-alerts.yml");
        List<Expression> dashboard = MetricNames.ofDashboard(dashboardFile);
        List<Expression> rules = MetricNames.ofRules(rulesFile);

        // The check finds a wrong name: one the server does not export, and a histogram's series of a
        // counter (a counter has no _bucket).
        assertEquals(Map.of("tessera_queue_mesages", List.of("typo"), "tessera_deliveries_total_bucket", List.of("typo")),
                MetricNames.missing(List.of(new Expression("typo", "sum(tessera_queue_mesages{state=\"tessera_x\"})"
                        + " + histogram_quantile(0.5, rate(tessera_deliveries_total_bucket[5m]))")), exported));

        Map<String, List<String>> missing = new LinkedHashMap<>(MetricNames.missing(dashboard, exported));
        MetricNames.missing(rules, exported).forEach((name, where) -> missing.merge(name, where, (a, b) -> {
            List<String> both = new ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        assertEquals("names the server does not export, and where they are used; the exposition:\n" + text,
                Map.of(), missing);

        // Every panel and every rule asks for something, and together they cover each kind of series.
        java.util.Set<String> used = new java.util.TreeSet<>();
        dashboard.forEach(e -> used.addAll(MetricNames.in(e.promql())));
        rules.forEach(e -> used.addAll(MetricNames.in(e.promql())));
        for (Expression e : dashboard) {
            assertFalse(e.where() + ": " + e.promql(), MetricNames.in(e.promql()).isEmpty());
        }
        for (String name : List.of("tessera_queue_messages", "tessera_queue_oldest_message_age_seconds",
                "tessera_queue_injections_total", "tessera_deliveries_total", "tessera_delivery_latency_seconds_bucket",
                "tessera_smtp_sessions_total", "tessera_smtp_commands_total", "tessera_smtp_refusals_total",
                "tessera_logins_total", "tessera_tls_handshakes_total", "tessera_tls_certificate_expiry_seconds",
                "tessera_listener_sessions", "tessera_listener_waiting", "tessera_plugin_call_seconds_bucket",
                "tessera_plugin_call_timeouts_total", "tessera_plugin_call_failures_total", "jvm_memory_used_bytes",
                "jvm_threads_live_threads", "jvm_gc_pause_seconds_sum")) {
            assertTrue(name + " in " + used, used.contains(name));
        }

        // The certificate the submission listener used: its expiry, in seconds from now (Tessera's
        // self-signed certificate is valid for 825 days).
        double expiry = value(scrape(), "tessera_tls_certificate_expiry_seconds");
        assertTrue("expiry " + expiry, expiry > 820 * 86400.0 && expiry <= 825 * 86400.0);

        checkRuleStructure(rulesFile);
        checkWithPromtool(dashboard, rulesFile);
    }

    /** What Prometheus needs of a rule file, and what operators need of each alert: a severity and a summary. */
    @SuppressWarnings("unchecked")
    @Test
    public void i_theEndpointAnswersWhileFiftySessionsSend() throws Exception {
        Path source = Path.of("/usr/sbin/smtp-source");
        SmtpIT.requireTool(Files.isExecutable(source) ? source.toString() : "smtp-source");
        String injected = injections("network", "ok");
        double before = value(scrape(), injected);
        int messages = 2000;
        Process load = new ProcessBuilder(source.toString(), "-s", "50", "-m", Integer.toString(messages), "-l", "4096",
                "-f", SENDER, "-t", "postmaster@example.com", "127.0.0.1:" + smtp.port).redirectErrorStream(true)
                .redirectOutput(smtp.commands.home.resolve("smtp-source.out").toFile()).start();
        int scrapes = 0;
        long slowestNanos = 0;
        try {
            while (load.isAlive() && scrapes < 10_000) {
                long start = System.nanoTime();
                Map<String, Double> samples = scrape();
                slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
                assertTrue(samples.containsKey(injected));
                scrapes++;
                Thread.sleep(50);
            }
            assertTrue("smtp-source within 120 s", load.waitFor(120, TimeUnit.SECONDS));
        } finally {
            load.destroyForcibly();
        }
        assertEquals(Files.readString(smtp.commands.home.resolve("smtp-source.out")), 0, load.exitValue());
        assertTrue("scrapes during the load: " + scrapes, scrapes >= 3);
        Map<String, Double> after = awaitMetrics("every message injected",
                m -> value(m, injected) - before >= messages);
        assertEquals(messages, value(after, injected) - before, 0.0);
        System.out.printf("MetricsIT: %d scrapes during %d messages from 50 sessions, the slowest %.1f ms%n", scrapes,
                messages, slowestNanos / 1e6);
    }

    private static void checkRuleStructure(Path rulesFile) throws IOException {
        Map<String, Object> file = (Map<String, Object>) MetricNames.load(rulesFile);
        assertEquals(java.util.Set.of("groups"), file.keySet());
        List<String> alerts = new ArrayList<>();
        for (Object g : (List<Object>) file.get("groups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            assertTrue(group.toString(), group.get("name") instanceof String);
            for (Object r : (List<Object>) group.get("rules")) {
                Map<String, Object> rule = (Map<String, Object>) r;
                String alert = (String) rule.get("alert");
                assertTrue(rule.toString(), alert != null && rule.get("expr") instanceof String);
                Map<String, Object> labels = (Map<String, Object>) rule.get("labels");
                assertTrue(alert, labels != null && List.of("warning", "critical").contains(labels.get("severity")));
                assertTrue(alert, ((Map<String, Object>) rule.get("annotations")).get("summary") instanceof String);
                if (rule.containsKey("for")) {
                    assertTrue(alert, rule.get("for").toString().matches("\\d+[smhd]"));
                }
                alerts.add(alert);
            }
        }
        assertEquals(List.of("TesseraQueueGrowing", "TesseraOldestMessageOverAnHour", "TesseraDeferralRateHigh",
                "TesseraRelayRefusalsSpike", "TesseraFailedLoginsSpike", "TesseraCertificateExpiresSoon",
                "TesseraCertificateExpired", "TesseraMetricsEndpointDown", "TesseraMetricsTargetMissing"), alerts);
    }

    /**
     * Prometheus's own parser on every expression: {@code promtool check rules} on the alert rules, and on
     * the dashboard's expressions written as recording rules (Grafana's variables given values first);
     * and {@code promtool test rules} on the alerts ({@code src/test/resources/tessera-alerts-test.yml}).
     */
    private static void checkWithPromtool(List<Expression> dashboard, Path rulesFile) throws Exception {
        // Not an Assume: the checks above have passed, and a missing promtool should not hide that.
        if (smtp.commands.run(10, List.of("sh", "-c", "command -v promtool"), null).exit() != 0) {
            assertFalse("promtool is not installed (apt-get install prometheus) and tessera.requireTools=true",
                    Boolean.getBoolean("tessera.requireTools"));
            System.err.println("MetricsIT: promtool is not installed; the expressions' syntax is not checked");
            return;
        }
        Result rules = smtp.commands.run(60, List.of("promtool", "check", "rules", rulesFile.toString()), null);
        assertEquals(rules.toString(), 0, rules.exit());
        assertTrue(rules.out(), rules.out().contains("SUCCESS: 9 rules found"));
        // The alerts on made-up series: each fires on what it watches, and not on a healthy server.
        Path unit = Files.createDirectories(smtp.commands.home.resolve("alert-tests"));
        Files.copy(rulesFile, unit.resolve("tessera-alerts.yml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of("src/test/resources/tessera-alerts-test.yml"), unit.resolve("tessera-alerts-test.yml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Result alerts = smtp.commands.run(120, List.of("promtool", "test", "rules",
                unit.resolve("tessera-alerts-test.yml").toString()), null);
        assertEquals(alerts.toString(), 0, alerts.exit());
        assertTrue(alerts.out(), alerts.out().contains("SUCCESS"));
        // The panels' expressions; the variable's label_values() is Grafana's, not PromQL.
        List<Expression> panels = dashboard.stream().filter(e -> e.where().startsWith("panel ")).toList();
        StringBuilder recording = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < panels.size(); i++) {
            String promql = panels.get(i).promql().replace("$__rate_interval", "5m").replace("$instance", ".*");
            recording.append("      - record: tessera:dashboard_").append(i).append("\n        expr: '")
                    .append(promql.replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(smtp.commands.home.resolve("dashboard-rules.yml"), recording);
        Result check = smtp.commands.run(60, List.of("promtool", "check", "rules", file.toString()), null);
        assertEquals(check.toString(), 0, check.exit());
        assertTrue(check.out(), check.out().contains("SUCCESS: " + panels.size() + " rules found"));
    }

    private static long inAliasMaildirQuietly(String text) {
        try {
            return inAliasMaildir(text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
