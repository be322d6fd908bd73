package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.listener.CertificateInfo;
import org.tessera.common.testing.Programs;
import org.tessera.metrics.internal.PrometheusTestMetrics;
import org.tessera.testkit.MemoryControlFiles;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;

/** The server certificate: made at the first start, read in the forms certbot and openssl write, renewed on disk. */
class ServerTlsTest {

    @TempDir
    Path home;

    private ServerTls tls(String certificate, String key, Duration check) {
        MemoryControlFiles control = new MemoryControlFiles();
        control.home = home;
        control.me = "mail.example.test";
        return ServerTls.over(control, new ServerTls.Settings(certificate, key, List.of("TLSv1.2", "TLSv1.3"), check));
    }

    @Test
    void aFirstStartMakesASelfSignedCertificateForMeWithAKeyOnlyTheServerReads() throws Exception {
        ServerTls tls = tls("", "", Duration.ZERO);
        CertificateInfo inUse = tls.inUse().orElseThrow();
        assertEquals("CN=mail.example.test", inUse.subject());
        assertTrue(inUse.selfSigned());
        assertTrue(inUse.notAfter().isAfter(Instant.now().plus(Duration.ofDays(800))));
        assertEquals(home.resolve("etc/tls/tessera.crt"), inUse.certificateFile());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(inUse.keyFile())));
        SSLEngine engine = tls.context().orElseThrow().newEngine(ByteBufAllocator.DEFAULT);
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), List.of(engine.getEnabledProtocols()));
        // The second start keeps it.
        assertEquals(inUse.fingerprint(), tls("", "", Duration.ZERO).inUse().orElseThrow().fingerprint());
    }

    @Test
    void keysAreReadInTheFormsOpensslWrites() throws Exception {
        String openssl = Programs.onPath("openssl", "openssl").toString();
        // PKCS#1 (genrsa -traditional), SEC1 with its curve and public key (ecparam), PKCS#8 (genpkey).
        List<List<String>> keys = List.of(List.of(openssl, "genrsa", "-traditional", "-out", "rsa.key", "2048"),
                List.of(openssl, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key"),
                List.of(openssl, "genpkey", "-algorithm", "ED25519", "-out", "ed.key"),
                List.of(openssl, "genpkey", "-algorithm", "RSA", "-out", "pkcs8.key"));
        for (List<String> generate : keys) {
            Programs.run(home, generate);
            String key = generate.get(generate.indexOf("-out") + 1);
            String certificate = key.replace(".key", ".crt");
            Programs.run(home, List.of(openssl, "req", "-new", "-x509", "-key", key, "-subj", "/CN=mail.example.test",
                    "-days", "30", "-out", certificate));
            String fingerprint = Programs.run(home, List.of(openssl, "x509", "-in", certificate, "-noout", "-fingerprint",
                    "-sha256")).strip().replaceFirst("^.*=", "");
            ServerTls tls = tls(certificate, key, Duration.ZERO);
            assertEquals(fingerprint, tls.inUse().map(CertificateInfo::fingerprint).orElse(tls.problem()), key);
            assertFalse(tls.inUse().orElseThrow().selfSigned());
            assertTrue(tls.context().isPresent());
        }
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedAndNoTlsIsOffered() throws Exception {
        Path certificate = home.resolve("a.crt");
        selfSignedFor(keyPair("RSA"), certificate, home.resolve("a.key"));
        Path otherKey = home.resolve("b.key");
        selfSignedFor(keyPair("RSA"), home.resolve("b.crt"), otherKey);
        ServerTls tls = tls(certificate.toString(), otherKey.toString(), Duration.ZERO);
        assertTrue(tls.inUse().isEmpty());
        assertTrue(tls.context().isEmpty());
        assertTrue(tls.problem().contains("does not belong"), tls.problem());
        assertThrows(GeneralSecurityException.class, tls::reload);
    }

    @Test
    void aRenewedCertificateIsTakenAtTheNextHandshakeAndABrokenRenewalKeepsTheOldOne() throws Exception {
        Path certificate = home.resolve("live.crt");
        Path key = home.resolve("live.key");
        selfSignedFor(keyPair("RSA"), certificate, key);
        ServerTls tls = tls(certificate.toString(), key.toString(), Duration.ZERO);
        SslContext first = tls.context().orElseThrow();
        assertSame(first, tls.context().orElseThrow(), "unchanged files: the same context");
        String before = tls.inUse().orElseThrow().fingerprint();

        // A renewal whose key is written before its certificate: the old pair stays until both agree.
        KeyPair renewed = keyPair("EC");
        Path staging = home.resolve("staging");
        Files.createDirectories(staging);
        selfSignedFor(renewed, staging.resolve("c.crt"), staging.resolve("c.key"));
        Files.copy(staging.resolve("c.key"), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(key, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        tls.lookAtFiles();
        assertSame(first, tls.context().orElseThrow());
        assertEquals(before, tls.inUse().orElseThrow().fingerprint());
        assertFalse(tls.problem().isEmpty());

        Files.copy(staging.resolve("c.crt"), certificate, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(certificate, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        tls.lookAtFiles();
        assertNotEquals(first, tls.context().orElseThrow(), tls.problem());
        assertNotEquals(before, tls.inUse().orElseThrow().fingerprint());
        assertTrue(tls.problem().isEmpty());
    }

    @Test
    void aHandshakeNeverLooksAtTheFilesAndReloadReadsThemAtOnce() throws Exception {
        Path certificate = home.resolve("live.crt");
        Path key = home.resolve("live.key");
        selfSignedFor(keyPair("EC"), certificate, key);
        ServerTls tls = tls(certificate.toString(), key.toString(), Duration.ZERO);
        SslContext first = tls.context().orElseThrow();
        selfSignedFor(keyPair("EC"), certificate, key);
        Files.setLastModifiedTime(certificate, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        assertSame(first, tls.context().orElseThrow(), "the I/O thread on its way into a handshake reads no file");
        tls.reload();
        assertNotEquals(first, tls.context().orElseThrow(), "ctl tls reload reads them at once");
    }

    @Test
    void aThreadOfItsOwnLooksAtTheFilesEveryCheckInterval() throws Exception {
        Path certificate = home.resolve("live.crt");
        Path key = home.resolve("live.key");
        selfSignedFor(keyPair("EC"), certificate, key);
        try (ServerTls tls = tls(certificate.toString(), key.toString(), Duration.ofMillis(50))) {
            String before = tls.inUse().orElseThrow().fingerprint();
            selfSignedFor(keyPair("EC"), certificate, key);
            Files.setLastModifiedTime(certificate, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (before.equals(tls.inUse().orElseThrow().fingerprint()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertNotEquals(before, tls.inUse().orElseThrow().fingerprint(), tls.problem());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("tessera-tls-files"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("tessera-tls-files")),
                "closed, it leaves no thread behind");
    }

    @Test
    void theExpiryGaugeTellsTheSecondsLeftOfTheCertificateInUseAndFollowsARenewal() throws Exception {
        Path certificate = home.resolve("live.crt");
        Path key = home.resolve("live.key");
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        // Issued 800 days before now: 825 days of validity leave 25.
        selfSignedFor(keyPair("EC"), certificate, key, now.minus(Duration.ofDays(800)));
        MemoryControlFiles control = new MemoryControlFiles();
        control.home = home;
        ServerTls tls = new ServerTls(Clock.fixed(now, ZoneOffset.UTC));
        tls.control = control;
        PrometheusTestMetrics metrics = new PrometheusTestMetrics();
        tls.bindMetrics(metrics);
        tls.configure(new ServerTls.Settings(certificate.toString(), key.toString(), List.of("TLSv1.3"), Duration.ZERO));
        Instant notAfter = tls.inUse().orElseThrow().notAfter();
        assertEquals(now.plus(Duration.ofDays(25)), notAfter);
        assertEquals(25 * 86400.0, metrics.value(ServerTls.EXPIRY_NAME), 0.0);

        // certbot renews it: the next scrape after the files were looked at again reads the new expiry.
        selfSignedFor(keyPair("EC"), certificate, key, now);
        Files.setLastModifiedTime(certificate, java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        tls.lookAtFiles();
        assertEquals(825 * 86400.0, metrics.value(ServerTls.EXPIRY_NAME), 0.0);

        // Unbound, the gauge is gone with the service; a new service gets it again.
        tls.unbindMetrics(metrics);
        assertFalse(metrics.samples().containsKey(ServerTls.EXPIRY_NAME), metrics.samples().toString());
        PrometheusTestMetrics next = new PrometheusTestMetrics();
        tls.bindMetrics(next);
        assertEquals(825 * 86400.0, next.value(ServerTls.EXPIRY_NAME), 0.0);
    }

    @Test
    void theExpiryGaugeIsNotANumberWhileNoCertificateCouldBeRead() throws Exception {
        Path certificate = home.resolve("a.crt");
        selfSignedFor(keyPair("RSA"), certificate, home.resolve("a.key"));
        Path otherKey = home.resolve("b.key");
        selfSignedFor(keyPair("RSA"), home.resolve("b.crt"), otherKey);
        ServerTls tls = tls(certificate.toString(), otherKey.toString(), Duration.ZERO);
        PrometheusTestMetrics metrics = new PrometheusTestMetrics();
        tls.bindMetrics(metrics);
        assertTrue(tls.inUse().isEmpty());
        assertTrue(Double.isNaN(metrics.value(ServerTls.EXPIRY_NAME)));
    }

    private static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static CertificateFiles selfSignedFor(KeyPair pair, Path certificate, Path key) throws Exception {
        return selfSignedFor(pair, certificate, key, Instant.now());
    }

    private static CertificateFiles selfSignedFor(KeyPair pair, Path certificate, Path key, Instant issued)
            throws Exception {
        return CertificateFiles.createSelfSigned("mail.example.test", pair, certificate, key, issued);
    }

}
