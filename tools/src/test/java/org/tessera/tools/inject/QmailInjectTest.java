package org.tessera.tools.inject;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QmailInjectTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("QMAILUSER", "joe", "QMAILHOST", "joe.example",
            "QMAILDEFAULTHOST", "host.example", "QMAILDEFAULTDOMAIN", "example", "QMAILPLUSDOMAIN", "plus.example",
            "QMAILIDHOST", "id.example");
    private static final String MESSAGE = "To: a\nSubject: s\n\nbody\n";

    @TempDir
    Path spool;

    private InjectRun run(String... args) {
        return InjectRun.of(List.of(args), ENVIRONMENT, MESSAGE, spool);
    }

    @Test
    void printsTheReturnPathAndTheFixedMessageWithDashN() {
        InjectRun run = run("-n");
        assertEquals(0, run.exitCode);
        assertEquals("Return-Path: <joe@joe.example>\n"
                + "Date: 5 Mar 2024 07:08:09 -0000\n"
                + "Message-ID: <20240305070809.4242.qmail@id.example>\n"
                + "From: joe@joe.example\n"
                + "To: a@host.example\n"
                + "Subject: s\n"
                + "\n"
                + "body\n", run.out());
        assertNull(run.sender, "nothing queued");
    }

    @Test
    void queuesWithDashNAfterDashNFromMemory() throws IOException {
        InjectRun run = run("-n", "-N", "b");
        assertEquals(0, run.exitCode);
        assertEquals("", run.out());
        assertEquals("joe@joe.example", run.sender);
        assertEquals(List.of("b@host.example"), run.recipients);
        assertTrue(run.message.startsWith("Date: 5 Mar 2024 07:08:09 -0000\n"));
        assertNull(run.messageFile, "a short message is spooled in memory");
        assertSpoolDirectoryEmpty();
    }

    @Test
    void spoolsAMessageOverTheMemoryLimitToAFileItDeletesAfterwards() throws IOException {
        InjectRun run = InjectRun.of(List.of(), ENVIRONMENT, name -> Optional.empty(), input(MESSAGE),
                new QmailInject(InjectRun.CLOCK, InjectRun.PID, spool, 64, 4096, 100), 0);
        assertEquals(0, run.exitCode);
        assertEquals(spool, run.messageFile.getParent());
        assertTrue(run.message.startsWith("Date: 5 Mar 2024 07:08:09 -0000\n"), run.message);
        assertTrue(run.message.endsWith("\n\nbody\n"), run.message);
        assertSpoolDirectoryEmpty();
    }

    private void assertSpoolDirectoryEmpty() throws IOException {
        try (var left = Files.list(spool)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void passesOnTheQueuesExitCodeAndDiagnostic() throws IOException {
        for (int code : new int[] {100, 111}) {
            InjectRun run = InjectRun.of(List.of(), ENVIRONMENT, name -> Optional.empty(), input(MESSAGE),
                    new QmailInject(InjectRun.CLOCK, InjectRun.PID, spool), code);
            assertEquals(code, run.exitCode);
            assertEquals("qmail-inject: fatal: refused\n", run.err());
            assertSpoolDirectoryEmpty();
        }
    }

    @Test
    void refusesAnUnknownOptionWithQmailsUsageComplaint() {
        InjectRun run = run("-n", "-x", "a");
        assertEquals(100, run.exitCode);
        assertEquals("qmail-inject: illegal option -- x\n", run.err().replace(System.lineSeparator(), "\n"));
        assertEquals("", run.out());
    }

    @Test
    void refusesDashFWithoutItsArgument() {
        InjectRun run = run("-n", "-f");
        assertEquals(100, run.exitCode);
        assertEquals("qmail-inject: option requires an argument -- f\n", run.err().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void processesOptionsInOrderSoABadDashFWinsOverALaterBadOption() {
        InjectRun run = run("-f", "x@(", "-x");
        assertEquals(100, run.exitCode);
        assertEquals("qmail-inject: fatal: unable to parse this line:\nx@(", run.err());
    }

    @Test
    void refusesAnUnparsableRecipientArgument() {
        InjectRun run = run("ok", "bad@(");
        assertEquals(100, run.exitCode);
        assertEquals("qmail-inject: fatal: unable to parse address: bad@(\n", run.err());
        assertNull(run.sender);
    }

    @Test
    void refusesEnvelopeAddressesWithControlCharactersThatWouldStartHeaderFields() {
        for (String address : List.of("joe\nX-Injected: yes@example.org", "joe\r@example.org", "joe@example.org\u0001")) {
            InjectRun sender = run("-f", address, "ok");
            assertEquals(100, sender.exitCode);
            assertEquals("qmail-inject: fatal: unable to parse address: " + address + "\n", sender.err());
            assertNull(sender.sender);
            InjectRun recipient = run("ok", address);
            assertEquals(100, recipient.exitCode);
            assertEquals("qmail-inject: fatal: unable to parse address: " + address + "\n", recipient.err());
            assertNull(recipient.sender);
        }
    }

    @Test
    void takesRecipientsFromArgumentsHeaderOrBoth() {
        assertEquals(List.of("x@host.example"), run("x").recipients);
        assertEquals(List.of("x@host.example"), run("-a", "x").recipients);
        assertEquals(List.of("a@host.example"), run("-h", "x").recipients);
        assertEquals(List.of("x@host.example", "x@host.example", "a@host.example"), run("-H", "x", "x").recipients);
        assertEquals(List.of("a@host.example"), run().recipients);
        assertEquals(List.of(), run("-a").recipients);
        assertEquals(List.of("-x@host.example"), run("--", "-x").recipients);
    }

    @Test
    void reportsAReadErrorOnStandardInput() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("boom");
            }
        };
        InjectRun run = InjectRun.of(List.of(), ENVIRONMENT, name -> Optional.empty(), failing,
                new QmailInject(InjectRun.CLOCK, InjectRun.PID, spool), 0);
        assertEquals(111, run.exitCode);
        assertEquals("qmail-inject: fatal: read error\n", run.err());
        assertNull(run.sender);
    }

    @Test
    void reportsAControlFileItCannotRead() {
        InjectRun run = InjectRun.of(List.of("-n"), Map.of(), name -> {
            throw new UncheckedIOException(new IOException("denied"));
        }, input(MESSAGE), new QmailInject(InjectRun.CLOCK, InjectRun.PID, spool), 0);
        assertEquals(111, run.exitCode);
        assertEquals("qmail-inject: fatal: read error\n", run.err());
    }

    @Test
    void readsControlsThroughTheGivenFunction() {
        Map<String, String> files = Map.of("me", "me.example", "defaulthost", "dh", "idhost", "id.me");
        InjectRun run = InjectRun.of(List.of("-n"), Map.of("QMAILUSER", "joe"), name -> Optional.ofNullable(
                files.get(name)), input(MESSAGE), new QmailInject(InjectRun.CLOCK, InjectRun.PID, spool), 0);
        assertTrue(run.out().contains("\nMessage-ID: <20240305070809.4242.qmail@id.me>\nFrom: joe@dh.me.example\n"
                + "To: a@dh.me.example\n"), run.out());
    }

    @Test
    void refusesAHeaderOverItsLimit() {
        InjectRun run = InjectRun.of(List.of(), ENVIRONMENT, name -> Optional.empty(),
                input("X-Big: " + "x".repeat(5000) + "\n\nbody\n"),
                new QmailInject(InjectRun.CLOCK, InjectRun.PID, spool, 64, 4096, 1 << 20), 0);
        assertEquals(111, run.exitCode);
        assertEquals("qmail-inject: fatal: out of memory\n", run.err());
        assertNull(run.sender);
    }

    @Test
    void reportsASpoolDirectoryItCannotWriteTo() {
        InjectRun run = InjectRun.of(List.of(), ENVIRONMENT, name -> Optional.empty(), input(MESSAGE),
                new QmailInject(InjectRun.CLOCK, InjectRun.PID, spool.resolve("missing"), 64, 4096, 16), 0);
        assertEquals(111, run.exitCode);
        assertEquals("qmail-inject: fatal: qq write error or disk full (#4.3.0)\n", run.err());
        assertNull(run.sender);
    }

    @Test
    void encodesTextFromTheEnvironmentAsUtf8() {
        Map<String, String> environment = Map.of("QMAILUSER", "joe", "QMAILHOST", "joe.example",
                "QMAILNAME", "J\u00f6rg");
        InjectRun run = InjectRun.of(List.of("-n"), environment, name -> Optional.empty(), input(MESSAGE),
                new QmailInject(InjectRun.CLOCK, InjectRun.PID, spool), 0);
        assertTrue(run.out().contains("\nFrom: \"J\u00c3\u00b6rg\" <joe@joe.example>\n"), run.out());
    }

    @Test
    void streamsALargeBodyThroughItsBuffer() throws IOException {
        long bodySize = 20L * 1024 * 1024;
        int bufferSize = 4096;
        GeneratedBody body = new GeneratedBody("To: a\n\n".getBytes(ISO_8859_1), bodySize);
        long[] spooled = new long[1];
        byte[] lastBytes = new byte[2];
        MessageQueue queue = (sender, recipients, message, stderr) -> {
            spooled[0] = message.length();
            try (var file = Files.newByteChannel(message.file())) {
                file.position(spooled[0] - 2).read(java.nio.ByteBuffer.wrap(lastBytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return 0;
        };
        int exitCode = new QmailInject(InjectRun.CLOCK, InjectRun.PID, spool, bufferSize, 64 * 1024, 1 << 20)
                .run(List.of(), ENVIRONMENT, name -> Optional.empty(), body, new PrintStream(OutputStream.nullOutputStream()),
                        new PrintStream(OutputStream.nullOutputStream()), queue);
        assertEquals(0, exitCode);
        String header = "Date: 5 Mar 2024 07:08:09 -0000\nMessage-ID: <20240305070809.4242.qmail@id.example>\n"
                + "From: joe@joe.example\nTo: a@host.example\n\n";
        // the body ends without a newline, so qmail-inject adds one
        assertEquals(header.length() + bodySize + 1, spooled[0]);
        assertEquals("x\n", new String(lastBytes, ISO_8859_1));
        assertTrue(body.largestRead <= bufferSize, "read at most a buffer at a time: " + body.largestRead);
        assertEquals(bodySize + 7, body.delivered);
    }

    private static InputStream input(String message) {
        return new ByteArrayInputStream(message.getBytes(ISO_8859_1));
    }

    /** A message of a short header and a body of lines of x, made as it is read and never held whole. */
    private static final class GeneratedBody extends InputStream {

        private final byte[] header;
        private final long size;
        long delivered;
        int largestRead;

        GeneratedBody(byte[] header, long bodySize) {
            this.header = header;
            this.size = header.length + bodySize;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            largestRead = Math.max(largestRead, length);
            if (delivered >= size) {
                return -1;
            }
            int count = (int) Math.min(length, size - delivered);
            for (int i = 0; i < count; i++) {
                long at = delivered + i;
                buffer[offset + i] = at < header.length ? header[(int) at]
                        : (byte) ((at - header.length) % 100 == 99 ? '\n' : 'x');
            }
            delivered += count;
            return count;
        }
    }
}
