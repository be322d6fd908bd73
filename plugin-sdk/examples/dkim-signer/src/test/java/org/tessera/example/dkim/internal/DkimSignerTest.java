package org.tessera.example.dkim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.filter.FilterResult;
import org.tessera.api.policy.MailTransaction;
import org.tessera.testkit.TestMessage;
import org.tessera.testkit.TestTransaction;

/** Signatures checked by a real verifier: dkimpy (Debian's python3-dkim), given the public key as DNS would. */
class DkimSignerTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String MESSAGE = "Received: from laptop (192.0.2.7)\n  by mx.example.com with ESMTPSA; 7 Dec 2026 12:00:00 -0000\n"
            + "From: Joe <joe@example.com>\nTo: sue@elsewhere.test\nSubject: lunch\nDate: Mon, 7 Dec 2026 12:00:00 +0000\n"
            + "Message-ID: <1@example.com>\n\nAt noon?  \n\n\n";
    private static final MailTransaction SUBMISSION = TestTransaction.from("192.0.2.7").listener("submission")
            .authenticated("joe", "PLAIN").sender("joe@example.com").recipients("sue@elsewhere.test").build();

    @TempDir
    static Path keys;

    private static KeyPair current;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        current = generator.generateKeyPair();
        Path domain = Files.createDirectory(keys.resolve("example.com"));
        Path old = pem(domain.resolve("2025.pem"), generator.generateKeyPair());
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        pem(domain.resolve("2026.pem"), current);
        Files.createDirectory(keys.resolve("broken.test"));
        Files.writeString(keys.resolve("broken.test").resolve("s1.pem"), "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
    }

    private static Path pem(Path file, KeyPair pair) throws IOException {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded());
        return Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
    }

    private static DkimSigner signer() {
        return new DkimSigner(Converters.standardConverter().convert(Map.of("keyDirectory", keys.toString()))
                .to(DkimSignerConfiguration.class));
    }

    @Test
    void mailFromAnAuthenticatedSenderIsSignedWithTheNewestKeyAndVerifies() throws Exception {
        FilterResult result = signer().filter(SUBMISSION, TestMessage.of(MESSAGE));

        assertEquals(FilterResult.Outcome.ACCEPT, result.outcome());
        assertEquals(1, result.headers().size());
        String field = result.headers().get(0);
        assertTrue(field.startsWith("DKIM-Signature: "), field);
        assertTrue(field.replaceAll("\\s", "").contains("d=example.com;"), field);
        assertTrue(field.replaceAll("\\s", "").contains("s=2026;"), "the newest key signs: " + field);
        assertEquals("True", verify(field + "\n" + MESSAGE), "dkimpy verifies the signed message");
        assertEquals("False", verify(field + "\n" + MESSAGE.replace("At noon?", "At one?")), "and notices a changed body");
    }

    @Test
    void unauthenticatedMailAndDomainsWithoutAKeyPassUnsigned() throws Exception {
        MailTransaction stranger = TestTransaction.from("198.51.100.1").sender("joe@example.com").build();
        MailTransaction keyless = TestTransaction.from("192.0.2.7").authenticated("ann", "PLAIN").sender("ann@other.test").build();
        MailTransaction escaping = TestTransaction.from("192.0.2.7").authenticated("ann", "PLAIN").sender("ann@..").build();

        for (MailTransaction transaction : List.of(stranger, keyless, escaping)) {
            assertEquals(new FilterResult(FilterResult.Outcome.ACCEPT, 0, "", List.of()),
                    signer().filter(transaction, TestMessage.of(MESSAGE)));
        }
    }

    @Test
    void aKeyThatCannotBeReadDefersRatherThanSendingUnsigned() throws Exception {
        MailTransaction broken = TestTransaction.from("192.0.2.7").authenticated("bob", "PLAIN").sender("bob@broken.test").build();

        assertEquals(new FilterResult(FilterResult.Outcome.DEFER, 451, "cannot sign for broken.test now, try again later (#4.3.0)",
                List.of()), signer().filter(broken, TestMessage.of(MESSAGE)));
    }

    /** dkimpy's verdict on {@code message} (LF line ends, as stored), the public key served as DNS would. */
    private static String verify(String message) throws Exception {
        boolean required = Boolean.getBoolean("tessera.requireTools");
        boolean present = Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import dkim").start().waitFor() == 0;
        assertTrue(present || !required, "dkimpy (Debian package python3-dkim) is required here");
        assumeTrue(present, "dkimpy (python3-dkim)");
        String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(current.getPublic().getEncoded());
        String script = "import dkim, sys\n"
                + "message = sys.stdin.buffer.read().replace(b'\\n', b'\\r\\n')\n"
                + "def dns(name, timeout=5):\n"
                + "    return b'" + record + "' if name == b'2026._domainkey.example.com.' else None\n"
                + "print(dkim.verify(message, dnsfunc=dns))\n";
        Process python = new ProcessBuilder(PYTHON.toString(), "-c", script).redirectErrorStream(true).start();
        python.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(python.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
