package org.tessera.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;

/**
 * The extensions beyond qmail, each on only when configured: EHLO with PIPELINING, STARTTLS
 * (opportunistic, or verified for listed domains) against a peer with a certificate the test makes
 * with the JDK's keytool, and several recipients of one message in one transaction.
 */
class ExtensionsTest {

    private static final String PEER = "127.0.0.2";
    @TempDir
    static Path keys;
    private static SSLContext serverTls;
    private final TestControls controls = new TestControls();
    private RemoteChannel channel;
    private ScriptedPeer peer;
    private int port;

    @BeforeAll
    static void makeCertificate() throws Exception {
        keytool("-genkeypair", "-alias", "peer", "-keyalg", "EC", "-dname", "CN=mx.tls.test",
                "-ext", "SAN=dns:mx.tls.test,ip:127.0.0.2", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", "peer.p12", "-storepass", "secret", "-keypass", "secret");
        keytool("-exportcert", "-alias", "peer", "-keystore", "peer.p12", "-storepass", "secret", "-file", "peer.crt");
        keytool("-importcert", "-noprompt", "-alias", "peer", "-file", "peer.crt", "-storetype", "PKCS12",
                "-keystore", "trust.p12", "-storepass", "secret");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys.resolve("peer.p12"))) {
            ks.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(keys.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    @BeforeEach
    void route() throws Exception {
        port = Tools.freePort(PEER);
        controls.routes("tls.test:" + PEER + ":" + port, "many.test:" + PEER + ":" + port);
    }

    @AfterEach
    void stop() throws Exception {
        channel.deactivate();
        peer.close();
        assertEquals(List.of(), peer.failures);
    }

    /** Greets, offers STARTTLS, starts TLS, then runs an ordinary dialogue without PIPELINING. */
    private ScriptedPeer tlsPeer() throws Exception {
        return ScriptedPeer.start(PEER, port, c -> {
            c.reply("220 peer ESMTP");
            c.line();
            c.reply("250-peer\r\n250-PIPELINING\r\n250 STARTTLS");
            c.line();
            c.reply("220 ready to start TLS");
            try {
                c.startTls(serverTls);
            } catch (javax.net.ssl.SSLException refusedByClient) {
                return;
            }
            c.line();
            c.reply("250 peer");
            for (String reply : new String[] {"250 ok", "250 ok", "354 go"}) {
                c.line();
                c.reply(reply);
            }
            c.data();
            c.reply("250 ok under " + c.tlsProtocol);
            c.awaitClose();
        });
    }

    @Test
    void opportunisticStartTlsTakesAnyCertificate() throws Exception {
        channel = Channels.start(controls, Map.of("starttls", true));
        peer = tlsPeer();
        DeliveryReport report = Channels.deliver(channel, "joe@sender.test", "box@tls.test", "secret\n");
        assertEquals(Outcome.SUCCESS, report.outcome(), report.text());
        assertTrue(report.text().startsWith("127.0.0.2 accepted message.\nRemote host said: 250 ok under TLSv1."),
                report.text());
        peer.awaitScripts();
        assertEquals(List.of("EHLO tessera.test", "STARTTLS", "EHLO tessera.test", "MAIL FROM:<joe@sender.test>",
                "RCPT TO:<box@tls.test>", "DATA", "QUIT"), peer.received);
    }

    @Test
    void aVerifiedDomainAcceptsACertificateFromTheTrustStore() throws Exception {
        channel = Channels.start(controls, Map.of("starttls", true, "tlsVerifiedDomains", new String[] {".test"},
                "tlsTrustStore", keys.resolve("trust.p12").toString(), "tlsTrustStorePassword", "secret"));
        peer = tlsPeer();
        DeliveryReport report = Channels.deliver(channel, "joe@sender.test", "box@tls.test", "secret\n");
        assertEquals(Outcome.SUCCESS, report.outcome(), report.text());
    }

    @Test
    void aVerifiedDomainRefusesAnUntrustedCertificate() throws Exception {
        channel = Channels.start(controls, Map.of("starttls", true, "tlsVerifiedDomains", new String[] {"tls.test"}));
        peer = tlsPeer();
        DeliveryReport report = Channels.deliver(channel, "joe@sender.test", "box@tls.test", "secret\n");
        assertEquals(Outcome.TEMPORARY, report.outcome());
        assertTrue(report.text().startsWith("Connected to 127.0.0.2 but the TLS handshake failed: "), report.text());
    }

    @Test
    void aVerifiedDomainIsDeferredWhenThePeerOffersNoTls() throws Exception {
        channel = Channels.start(controls, Map.of("starttls", true, "tlsVerifiedDomains", new String[] {"tls.test"}));
        peer = ScriptedPeer.start(PEER, port, c -> {
            c.reply("220 peer");
            c.line();
            c.reply("250 peer");
            c.awaitClose();
        });
        assertEquals(new DeliveryReport(Outcome.TEMPORARY,
                "Connected to 127.0.0.2 but it would not start TLS, which this route requires. (#4.7.5)\n"),
                Channels.deliver(channel, "joe@sender.test", "box@tls.test", "secret\n"));
    }

    @Test
    void ehloWithPipeliningAndBatchedRecipientsShareOneTransaction() throws Exception {
        channel = Channels.start(controls, Map.of("ehlo", true, "batchRecipients", true));
        peer = ScriptedPeer.start(PEER, port, c -> {
            // The greeting waits, so that both recipients are in before MAIL.
            Thread.sleep(300);
            c.reply("220 peer");
            c.line();
            c.reply("250-peer\r\n250 PIPELINING");
            // Pipelined: all four commands arrive before any reply is sent.
            for (int i = 0; i < 4; i++) {
                c.line();
            }
            c.reply("250 ok");
            c.reply("250 ok");
            c.reply("550 no such user");
            c.reply("354 go");
            c.data();
            c.reply("250 queued");
            c.awaitClose();
        });
        MessageContent content = Channels.content("hello\n");
        CompletableFuture<DeliveryReport> first = channel.deliver(9, MailAddress.parse("joe@sender.test"),
                MailAddress.parse("a@many.test"), content).toCompletableFuture();
        CompletableFuture<DeliveryReport> second = channel.deliver(9, MailAddress.parse("joe@sender.test"),
                MailAddress.parse("b@many.test"), content).toCompletableFuture();
        assertEquals(new DeliveryReport(Outcome.SUCCESS, "127.0.0.2 accepted message.\nRemote host said: 250 queued\n"),
                first.get(30, TimeUnit.SECONDS));
        assertEquals(new DeliveryReport(Outcome.PERMANENT, "127.0.0.2 does not like recipient.\n"
                + "Remote host said: 550 no such user\n127.0.0.2 accepted message.\nRemote host said: 250 queued\n"),
                second.get(30, TimeUnit.SECONDS));
        peer.awaitScripts();
        assertEquals(1, peer.connections.get());
        assertEquals(List.of("EHLO tessera.test", "MAIL FROM:<joe@sender.test>", "RCPT TO:<a@many.test>",
                "RCPT TO:<b@many.test>", "DATA", "QUIT"), peer.received);
    }
}
