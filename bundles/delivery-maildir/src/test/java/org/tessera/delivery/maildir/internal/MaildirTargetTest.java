package org.tessera.delivery.maildir.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.mail.MessageContent;
import org.tessera.testkit.TestDelivery;
import org.tessera.testkit.TestMessage;

/**
 * Maildir deliveries into real directories: the bytes, the name, the mode, the texts of every failure,
 * and that a failed delivery leaves no file in tmp/ or new/.
 */
class MaildirTargetTest {

    private static final byte[] MESSAGE = ("Received: from x\nFrom: a@example.org\nSubject: hi\n\n"
            + "From the start\r\n>From quoted\n\0binary\u00ff no final LF").getBytes(StandardCharsets.ISO_8859_1);

    @TempDir
    Path home;

    private Path maildir;
    private MaildirTarget target;

    @BeforeEach
    void makeMaildir() throws IOException {
        maildir = makeMaildir(home.resolve("Maildir"));
        target = new MaildirTarget();
    }

    @AfterEach
    void deactivate() throws InterruptedException {
        target.deactivate();
    }

    @Test
    void writesReturnPathDeliveredToAndTheMessageVerbatimIntoNew() throws IOException {
        DeliveryResult result = target.deliver(TestDelivery.of(home, "./Maildir/", TestMessage.of(MESSAGE)));

        assertEquals(new DeliveryResult(Outcome.SUCCESS, ""), result);
        Path file = onlyFile(maildir.resolve("new"));
        assertArrayEquals(expected(MESSAGE), Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of(), list(maildir.resolve("tmp")));
        assertEquals(List.of(), list(maildir.resolve("cur")));
        String host = MaildirNames.safeHost(MaildirNames.kernelHostName());
        String name = file.getFileName().toString();
        assertTrue(name.matches("[0-9]+\\.M[0-9]{1,6}P" + ProcessHandle.current().pid() + "Q1\\."
                + Pattern.quote(host)), name);
    }

    @Test
    void copiesAQueueFileOfItsOwnWholeAndAnAbsolutePathNeedsNoHome() throws IOException {
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + i / 4099);
        }
        Path queued = Files.write(home.resolve("queued"), big);
        Path elsewhere = makeMaildir(home.resolve("var/mail/joe"));

        DeliveryResult result = target.deliver(TestDelivery.of(home.resolve("nonexistent"),
                elsewhere + "/", TestMessage.ofFile(queued, big.length)));

        assertEquals(Outcome.SUCCESS, result.outcome(), result.text());
        assertArrayEquals(expected(big), Files.readAllBytes(onlyFile(elsewhere.resolve("new"))));
        assertEquals(List.of(), list(elsewhere.resolve("tmp")));
    }

    @Test
    void aThousandConcurrentDeliveriesGetAThousandNamesAllInNew() throws Exception {
        int deliveries = 1000;
        ExecutorService threads = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<DeliveryResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < deliveries; i++) {
                byte[] message = ("Subject: " + i + "\n\nbody " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                results.add(threads.submit(() -> {
                    start.await();
                    return target.deliver(TestDelivery.of(home, "./Maildir/", TestMessage.of(message)));
                }));
            }
            start.countDown();
            for (Future<DeliveryResult> result : results) {
                assertEquals(new DeliveryResult(Outcome.SUCCESS, ""), result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        List<Path> delivered = list(maildir.resolve("new"));
        assertEquals(deliveries, delivered.size());
        Set<String> bodies = new HashSet<>();
        Set<String> counters = new HashSet<>();
        for (Path file : delivered) {
            String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
            assertTrue(text.startsWith(TestDelivery.RPLINE + TestDelivery.DTLINE), text);
            bodies.add(text.substring(text.lastIndexOf("body ")));
            String name = file.getFileName().toString();
            counters.add(name.substring(name.indexOf('Q'), name.indexOf('.', name.indexOf('Q'))));
        }
        assertEquals(deliveries, bodies.size(), "some message was lost or written twice");
        assertEquals(deliveries, counters.size());
        assertEquals(List.of(), list(maildir.resolve("tmp")));
    }

    @Test
    void aMissingMaildirOrOneThatIsNoDirectoryCannotBeEntered() throws IOException {
        Files.writeString(home.resolve("plain"), "not a maildir");

        for (String path : List.of("./Absent/", "./plain/", "./plain/Maildir/")) {
            DeliveryResult result = target.deliver(TestDelivery.of(home, path, TestMessage.of(MESSAGE)));
            assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to chdir to maildir. (#4.2.1)\n"), result, path);
        }
    }

    @Test
    void aMaildirWithoutTmpOrWithANewThatIsAFileFailsTemporarilyAndKeepsNothing() throws IOException {
        Path noTmp = Files.createDirectories(home.resolve("NoTmp/new"));
        Path badNew = makeMaildir(home.resolve("BadNew"));
        Files.delete(badNew.resolve("new"));
        Files.writeString(badNew.resolve("new"), "");

        String text = "Temporary error on maildir delivery. (#4.3.0)\n";
        assertEquals(new DeliveryResult(Outcome.TEMPORARY, text + "cannot create a file in ./NoTmp/tmp: file does not exist\n"),
                target.deliver(TestDelivery.of(home, "./NoTmp/", TestMessage.of(MESSAGE))));
        assertEquals(List.of(), list(noTmp));
        DeliveryResult badNewResult = target.deliver(TestDelivery.of(home, "./BadNew/", TestMessage.of(MESSAGE)));
        assertEquals(Outcome.TEMPORARY, badNewResult.outcome());
        assertTrue(badNewResult.text().matches(Pattern.quote(text + "cannot link ./BadNew/tmp/")
                + "\\S+ to \\./BadNew/new/\\S+: not a directory\n"),
                badNewResult.text());
        assertEquals(List.of(), list(badNew.resolve("tmp")));
        assertEquals("", Files.readString(badNew.resolve("new")));
    }

    @Test
    void aMessageThatCannotBeReadWholeIsNotDelivered() throws IOException {
        Path queued = Files.write(home.resolve("queued"), MESSAGE);
        List<MessageContent> unreadable = List.of(
                TestMessage.failingAfter(MESSAGE, MESSAGE.length + 10),
                shortBy(MESSAGE, 1),
                TestMessage.ofFile(queued, MESSAGE.length + 1),
                TestMessage.ofFile(home.resolve("vanished"), 10));

        for (MessageContent content : unreadable) {
            DeliveryResult result = target.deliver(TestDelivery.of(home, "./Maildir/", content));
            assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to read message. (#4.3.0)\n"), result);
        }
        assertEquals(List.of(), list(maildir.resolve("tmp")));
        assertEquals(List.of(), list(maildir.resolve("new")));
    }

    @Test
    void aDeliveryStuckPastTheTimeoutIsAbandonedAndRemoved() throws IOException {
        // As DS activates it: the component's properties, with the framework's among them.
        target.activate(Map.of("timeoutSeconds", 1L, "service.id", 42L, DeliveryTarget.KIND, "maildir"));
        CountDownLatch closed = new CountDownLatch(1);
        MessageContent stuck = new MessageContent() {
            @Override
            public long size() {
                return 100;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    @Override
                    public int read() throws IOException {
                        try {
                            // as a socket read, a blocked read ends when another thread closes the stream
                            closed.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IOException("stream closed");
                    }

                    @Override
                    public void close() {
                        closed.countDown();
                    }
                };
            }
        };

        long began = System.nanoTime();
        DeliveryResult result = target.deliver(TestDelivery.of(home, "./Maildir/", stuck));
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Timeout on maildir delivery. (#4.3.0)\n"), result);
        assertTrue(took.compareTo(Duration.ofMillis(900)) > 0 && took.compareTo(Duration.ofSeconds(10)) < 0,
                "took " + took);
        assertEquals(List.of(), list(maildir.resolve("tmp")));
        assertEquals(List.of(), list(maildir.resolve("new")));
    }

    @Test
    void aNameTakenInTmpIsTriedThreeTimesThenTheDeliveryFailsTemporarily() throws Exception {
        Files.writeString(maildir.resolve("tmp/taken"), "someone else's");
        Deque<String> offered = new ArrayDeque<>(List.of("taken", "taken", "taken", "free"));
        MaildirTarget clashing = new MaildirTarget(offered::poll);
        try {
            assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Temporary error on maildir delivery. (#4.3.0)\n"
                    + "3 new names in ./Maildir/tmp were taken\n"),
                    clashing.deliver(TestDelivery.of(home, "./Maildir/", TestMessage.of(MESSAGE))));
            assertEquals(List.of("free"), List.copyOf(offered));
            assertEquals("someone else's", Files.readString(maildir.resolve("tmp/taken")));

            offered.addFirst("taken");
            assertEquals(Outcome.SUCCESS,
                    clashing.deliver(TestDelivery.of(home, "./Maildir/", TestMessage.of(MESSAGE))).outcome());
            assertArrayEquals(expected(MESSAGE), Files.readAllBytes(maildir.resolve("new/free")));
        } finally {
            clashing.deactivate();
        }
    }

    @Test
    void aUserProcessMakesItWithoutOsgiAndConfiguresItWithText() throws Exception {
        MaildirTarget plain = new MaildirTarget();
        try {
            plain.configure(Map.of("timeoutSeconds", "3600"));
            assertEquals(Outcome.SUCCESS,
                    plain.deliver(TestDelivery.of(home, "./Maildir/", TestMessage.of(MESSAGE))).outcome());
            assertThrows(IllegalArgumentException.class, () -> plain.configure(Map.of("timeoutSeconds", "a day")));
        } finally {
            plain.deactivate();
        }
    }

    @Test
    void theHostPartCannotHoldTheSeparatorsOfAMaildirName() {
        assertEquals("mx\\0571\\072example", MaildirNames.safeHost("mx/1:example"));
        assertEquals(64, MaildirNames.safeHost("h".repeat(100)).length());
        MaildirNames names = new MaildirNames(4242, "a:b");
        String first = names.get();
        String second = names.get();
        assertTrue(first.matches("[0-9]+\\.M[0-9]+P4242Q1\\.a\\\\072b"), first);
        assertTrue(second.matches("[0-9]+\\.M[0-9]+P4242Q2\\.a\\\\072b"), second);
    }

    static Path makeMaildir(Path directory) throws IOException {
        for (String sub : List.of("tmp", "new", "cur")) {
            Files.createDirectories(directory.resolve(sub));
        }
        return directory;
    }

    private static byte[] expected(byte[] message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((TestDelivery.RPLINE + TestDelivery.DTLINE).getBytes(StandardCharsets.US_ASCII));
        out.write(message);
        return out.toByteArray();
    }

    private static MessageContent shortBy(byte[] message, int missing) {
        byte[] shorter = java.util.Arrays.copyOf(message, message.length - missing);
        MessageContent stream = TestMessage.of(shorter);
        return new MessageContent() {
            @Override
            public long size() {
                return message.length;
            }

            @Override
            public InputStream open() throws IOException {
                return stream.open();
            }
        };
    }

    private static Path onlyFile(Path directory) throws IOException {
        List<Path> files = list(directory);
        assertEquals(1, files.size(), files.toString());
        return files.get(0);
    }

    static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
