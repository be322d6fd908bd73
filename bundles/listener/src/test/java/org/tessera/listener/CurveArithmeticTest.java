package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tessera.common.testing.Programs;
import org.tessera.testkit.MemoryControlFiles;

import io.netty.handler.ssl.JdkSslContext;

/**
 * Bouncy Castle's curve arithmetic under the JDK's TLS: handshakes from OpenSSL's client with each key
 * exchange and TLS version a mail client uses succeed, and the certificate's signature is Bouncy Castle's.
 */
class CurveArithmeticTest {

    @TempDir
    Path home;

    @AfterEach
    void giveTheCurvesBack() {
        CurveArithmetic.remove();
    }

    private ServerTls serverTls(String keyAlgorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
        if (keyAlgorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        Path certificate = home.resolve("server.crt");
        Path key = home.resolve("server.key");
        CertificateFiles.createSelfSigned("mail.example.test", generator.generateKeyPair(), certificate, key,
                Instant.now());
        MemoryControlFiles control = new MemoryControlFiles();
        control.home = home;
        return ServerTls.over(control, new ServerTls.Settings(certificate.toString(), key.toString(),
                List.of("TLSv1.2", "TLSv1.3"), Duration.ZERO));
    }

    /** Serves one TLS connection per client: the handshake, a line, then the end. */
    private static final class OneLineServer implements AutoCloseable {
        final SSLServerSocket socket;
        final List<CompletableFuture<String>> served = new ArrayList<>();

        OneLineServer(ServerTls tls) throws IOException {
            socket = (SSLServerSocket) ((JdkSslContext) tls.context().orElseThrow()).context()
                    .getServerSocketFactory().createServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }

        void serveOne() {
            served.add(CompletableFuture.supplyAsync(() -> {
                try (SSLSocket client = (SSLSocket) socket.accept()) {
                    client.startHandshake();
                    OutputStream out = client.getOutputStream();
                    out.write("220 ready\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return client.getSession().getProtocol();
                } catch (IOException e) {
                    return e.toString();
                }
            }));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String openssl(OneLineServer server, String... options) throws Exception {
        Path openssl = Programs.onPath("openssl", "openssl");
        server.serveOne();
        List<String> command = new ArrayList<>(List.of(openssl.toString(), "s_client", "-brief", "-connect",
                "127.0.0.1:" + server.socket.getLocalPort()));
        command.addAll(List.of(options));
        String out = Programs.run(Path.of(System.getProperty("java.io.tmpdir")), command);
        String protocol = server.served.get(server.served.size() - 1).get(30, TimeUnit.SECONDS);
        assertTrue(protocol.startsWith("TLS"), protocol + "\n" + out);
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        "EC, -tls1_3, X25519, X25519",
        "EC, -tls1_3, P-256, prime256v1",
        // TLS 1.2 signs with the certificate's curve only when the client names it too (RFC 8422, 5.1).
        "EC, -tls1_2, X25519:P-256, X25519",
        "EC, -tls1_2, P-256, prime256v1",
        "RSA, -tls1_3, X25519, X25519",
        "RSA, -tls1_2, P-256, prime256v1"})
    void everyKeyExchangeAndVersionAMailClientUsesShakesHands(String certificateKey, String version, String group,
            String negotiated) throws Exception {
        CurveArithmetic.install();
        try (OneLineServer server = new OneLineServer(serverTls(certificateKey))) {
            String out = openssl(server, version, "-groups", group);
            assertTrue(out.contains("Protocol version: TLSv1." + version.charAt(version.length() - 1)), out);
            assertTrue(out.contains("Temp Key: " + negotiated) || out.contains("Temp Key: ECDH, " + negotiated + ","), out);
            assertTrue(out.contains("220 ready"), out);
        }
    }

    @Test
    void theCertificatesSignatureIsBouncyCastlesAndTheJdksAgainOnceRemoved() throws Exception {
        CurveArithmetic.install();
        assertEquals(CurveArithmetic.NAME, Security.getProviders()[0].getName(), "first, so the JCA picks it");
        ServerTls tls = serverTls("EC");
        CertificateFiles files = CertificateFiles.read(home.resolve("server.crt"), home.resolve("server.key"));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(files.key());
        assertEquals(CurveArithmetic.NAME, signature.getProvider().getName());
        assertEquals("SunJCE", javax.crypto.Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName(),
                "the record ciphers stay the JDK's");

        try (OneLineServer server = new OneLineServer(tls)) {
            openssl(server, "-tls1_3");
            CurveArithmetic.remove();
            assertTrue(Security.getProvider(CurveArithmetic.NAME) == null);
            Signature jdk = Signature.getInstance("SHA256withECDSA");
            jdk.initSign(files.key());
            assertEquals("SunEC", jdk.getProvider().getName());
            openssl(server, "-tls1_3");
        }
    }
}
