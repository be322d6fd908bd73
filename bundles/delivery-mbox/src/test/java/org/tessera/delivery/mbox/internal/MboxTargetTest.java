package org.tessera.delivery.mbox.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.api.mail.MessageContent;
import org.tessera.testkit.TestDelivery;
import org.tessera.testkit.TestMessage;

/**
 * mbox deliveries into real files: what is appended, byte for byte, for every way a line can look like
 * a From_ line, cut at every place a read can end; the mode of a new mbox; and the texts and the
 * truncation of failures.
 */
class MboxTargetTest {

    private static final DeliveryResult DELIVERED = new DeliveryResult(Outcome.SUCCESS, "");

    @TempDir
    Path home;

    private MboxTarget target;

    @BeforeEach
    void makeTarget() {
        target = new MboxTarget();
    }

    @Test
    void appendsTheFromLineTheHeaderLinesTheMessageAndAnEmptyLine() throws IOException {
        Path mbox = home.resolve("Mailbox");
        byte[] old = ("From old@example.org Wed Dec 31 23:59:59 1969\nSubject: old\n\nold\n\n")
                .getBytes(StandardCharsets.US_ASCII);
        Files.write(mbox, old);
        byte[] message = "Subject: hi\n\nbody\n".getBytes(StandardCharsets.US_ASCII);

        assertEquals(DELIVERED, target.deliver(TestDelivery.of(home, "./Mailbox", TestMessage.of(message))));

        assertEquals(new String(old, StandardCharsets.US_ASCII) + TestDelivery.UFLINE + TestDelivery.RPLINE
                + TestDelivery.DTLINE + "Subject: hi\n\nbody\n\n", Files.readString(mbox, StandardCharsets.US_ASCII));
    }

    @Test
    void aNewMboxIsCreatedReadableByItsOwnerOnlyAndAnAbsolutePathNeedsNoHome() throws IOException {
        Path mbox = Files.createDirectories(home.resolve("var/mail")).resolve("joe");

        assertEquals(DELIVERED, target.deliver(TestDelivery.of(home.resolve("absent"), mbox.toString(),
                TestMessage.of("x\n".getBytes(StandardCharsets.US_ASCII)))));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mbox)));
        assertEquals(headers() + "x\n\n", Files.readString(mbox, StandardCharsets.US_ASCII));
    }

    @Test
    void linesThatLookLikeFromLinesGetOneMoreQuoteWhereverTheReadsEnd() throws IOException {
        String message = "From: header is no From_ line\nFrom start\n>From once\n>>>From thrice\nFrom\n"
                + "From\tx\n>>Fro\n>>>>\n\nFrom \n >From indented\nxFrom inside\n>\n>>F\nFrom last";
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        String quoted = "From: header is no From_ line\n>From start\n>>From once\n>>>>From thrice\nFrom\n"
                + "From\tx\n>>Fro\n>>>>\n\n>From \n >From indented\nxFrom inside\n>\n>>F\n>From last\n\n";

        for (int chunk : new int[] {1, 2, 3, 5, 7, 64 << 10}) {
            Path mbox = home.resolve("Mailbox" + chunk);
            assertEquals(DELIVERED, target.deliver(TestDelivery.of(home, "./Mailbox" + chunk,
                    TestMessage.inChunks(bytes, chunk))));
            assertEquals(headers() + quoted, Files.readString(mbox, StandardCharsets.US_ASCII), "chunk " + chunk);
        }
    }

    @Test
    void aMessageWithoutAFinalLineFeedGetsOneBeforeTheEmptyLineAndAnEmptyMessageOnlyTheEmptyLine()
            throws IOException {
        List<String[]> cases = List.of(
                new String[] {"no final LF", "no final LF\n\n"},
                new String[] {"ends in a pending >>Fr", "ends in a pending >>Fr\n\n"},
                new String[] {">>Fr", ">>Fr\n\n"},
                new String[] {"", "\n"},
                new String[] {"\n", "\n\n"});
        int n = 0;
        for (String[] c : cases) {
            String name = "./Mailbox" + n++;
            assertEquals(DELIVERED, target.deliver(TestDelivery.of(home, name,
                    TestMessage.of(c[0].getBytes(StandardCharsets.US_ASCII)))));
            assertEquals(headers() + c[1], Files.readString(home.resolve(name), StandardCharsets.US_ASCII), c[0]);
        }
    }

    @Test
    void aBigBinaryMessageMatchesTheQuotingRuleLineByLine() throws IOException {
        Random random = new Random(42);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        String[] starts = {"From ", ">From ", ">>From x", "Fro", "", ">", "From", "\0From "};
        while (message.size() < (3 << 20)) {
            message.writeBytes(starts[random.nextInt(starts.length)].getBytes(StandardCharsets.ISO_8859_1));
            byte[] rest = new byte[random.nextInt(random.nextInt(10) == 0 ? 200_000 : 100)];
            for (int i = 0; i < rest.length; i++) {
                rest[i] = (byte) (random.nextInt(256) == 10 ? 'x' : random.nextInt(256));
            }
            message.writeBytes(rest);
            message.write('\n');
        }
        byte[] bytes = message.toByteArray();

        assertEquals(DELIVERED, target.deliver(TestDelivery.of(home, "./Mailbox", TestMessage.of(bytes))));

        assertArrayEquals(expectedMbox(bytes), Files.readAllBytes(home.resolve("Mailbox")));
    }

    @Test
    void concurrentDeliveriesToOneMboxDoNotInterleave() throws Exception {
        int deliveries = 200;
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<DeliveryResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < deliveries; i++) {
                // bigger than one buffer, so that an unlocked writer would interleave its writes
                byte[] message = ("Subject: " + i + "\n\n" + ("line of message " + i + "\n").repeat(8000))
                        .getBytes(StandardCharsets.US_ASCII);
                results.add(threads.submit(() -> {
                    start.await();
                    return target.deliver(TestDelivery.of(home, "./Mailbox", TestMessage.of(message)));
                }));
            }
            start.countDown();
            for (Future<DeliveryResult> result : results) {
                assertEquals(DELIVERED, result.get(120, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        String mbox = Files.readString(home.resolve("Mailbox"), StandardCharsets.US_ASCII);
        Matcher each = Pattern.compile(Pattern.quote(headers()) + "Subject: (\\d+)\n\n((?:line of message \\1\n){8000})\n")
                .matcher(mbox);
        boolean[] seen = new boolean[deliveries];
        int end = 0;
        while (each.find() && each.start() == end) {
            seen[Integer.parseInt(each.group(1))] = true;
            end = each.end();
        }
        assertEquals(mbox.length(), end, "the mbox is not whole messages one after another");
        for (int i = 0; i < deliveries; i++) {
            assertEquals(true, seen[i], "message " + i);
        }
    }

    @Test
    void aPathThatCannotBeOpenedSaysWhyInQmailsWords() throws IOException {
        Files.createDirectory(home.resolve("Mailbox"));

        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to open ./Mailbox: is a directory. (#4.2.1)\n"),
                target.deliver(TestDelivery.of(home, "./Mailbox", TestMessage.of(new byte[1]))));
        assertEquals(new DeliveryResult(Outcome.TEMPORARY,
                        "Unable to open ./mail/Mailbox: file does not exist. (#4.2.1)\n"),
                target.deliver(TestDelivery.of(home, "./mail/Mailbox", TestMessage.of(new byte[1]))));
    }

    @Test
    void aMessageThatFailsToReadIsCutBackOut() throws IOException {
        Path mbox = home.resolve("Mailbox");
        byte[] old = "From x Thu Jan 01 00:00:00 1970\n\nold\n\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(mbox, old);
        byte[] part = ("Subject: cut\n\n" + "a line that is written before the failure\n".repeat(5000))
                .getBytes(StandardCharsets.US_ASCII);

        for (MessageContent content : List.of(TestMessage.failingAfter(part, part.length + 100),
                shorterThanClaimed(part))) {
            assertEquals(new DeliveryResult(Outcome.TEMPORARY,
                            "Unable to read message: input/output error. (#4.3.0)\n"),
                    target.deliver(TestDelivery.of(home, "./Mailbox", content)));
            assertArrayEquals(old, Files.readAllBytes(mbox));
        }
    }

    @Test
    void aUserProcessMakesItWithoutOsgiAndConfiguresItWithText() throws IOException {
        MboxTarget plain = new MboxTarget();
        plain.configure(Map.of("lockWaitSeconds", "5"));
        assertThrows(IllegalArgumentException.class, () -> plain.configure(Map.of("lockWaitSeconds", "soon")));
        assertEquals(DELIVERED, plain.deliver(TestDelivery.of(home, "./Mailbox",
                TestMessage.of("y\n".getBytes(StandardCharsets.US_ASCII)))));
        assertEquals(headers() + "y\n\n", Files.readString(home.resolve("Mailbox"), StandardCharsets.US_ASCII));
    }

    static String headers() {
        return TestDelivery.UFLINE + TestDelivery.RPLINE + TestDelivery.DTLINE;
    }

    /** The rule, read off qmail-local: line by line, one more '>' before each {@code ^>*From }. */
    private static byte[] expectedMbox(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(headers().getBytes(StandardCharsets.US_ASCII));
        int start = 0;
        while (start < message.length) {
            int lf = start;
            while (lf < message.length && message[lf] != '\n') {
                lf++;
            }
            int quotes = start;
            while (quotes < lf && message[quotes] == '>') {
                quotes++;
            }
            if (lf - quotes >= 5 && Arrays.equals(message, quotes, quotes + 5,
                    "From ".getBytes(StandardCharsets.US_ASCII), 0, 5)) {
                out.write('>');
            }
            out.write(message, start, Math.min(lf + 1, message.length) - start);
            if (lf == message.length) {
                out.write('\n');
            }
            start = lf + 1;
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static MessageContent shorterThanClaimed(byte[] part) {
        byte[] shorter = Arrays.copyOf(part, part.length - 1);
        return new MessageContent() {
            @Override
            public long size() {
                return part.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(shorter);
            }
        };
    }
}
