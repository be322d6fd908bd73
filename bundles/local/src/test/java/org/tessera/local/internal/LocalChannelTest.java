package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.users.MailUser;
import org.tessera.api.users.UserDirectory;
import org.tessera.common.users.Newu;
import org.tessera.metrics.internal.PrometheusTestMetrics;

/** The DS component: worker threads, the ranked directories of the home, targets coming and going. */
class LocalChannelTest {

    @TempDir
    Path dir;

    LocalChannel channel;
    AliasDirectory alias;
    AssignDirectory assign;
    FileContent message;

    @BeforeEach
    void setUp() throws Exception {
        Path control = Files.createDirectories(dir.resolve("control"));
        Files.createDirectories(dir.resolve("users"));
        Path aliasHome = Files.createDirectories(dir.resolve("alias"));
        Files.setPosixFilePermissions(aliasHome, PosixFilePermissions.fromString("rwxr-xr-x"));
        Homes4Test.home(aliasHome);
        Files.writeString(aliasHome.resolve(".qmail-postmaster"), "./Maildir/\n");
        message = FileContent.write(dir.resolve("message"), "Subject: x\n\nbody\n");
        ControlFiles files = control(control);
        channel = new LocalChannel();
        channel.control = files;
        // In-process, as a server not running as root (UserProcessesTest covers the root mode).
        channel.serverIsRoot = false;
        channel.activate(Converters.standardConverter().convert(Map.of("workerThreads", 2))
                .to(LocalChannelConfiguration.class), null);
        alias = new AliasDirectory();
        alias.control = files;
        alias.activate();
        assign = new AssignDirectory();
        assign.control = files;
        assign.cdbFiles = Cdb.files();
        assign.activate();
        channel.bindDirectory(alias, Map.of("service.ranking", UserDirectory.ALIAS_RANKING, "service.id", 1L));
        channel.bindDirectory(assign, Map.of("service.ranking", UserDirectory.ASSIGN_RANKING, "service.id", 2L));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        channel.deactivate();
        assign.deactivate();
    }

    /** The calls the channel makes of ControlFiles. */
    private static ControlFiles control(Path directory) {
        return (ControlFiles) Proxy.newProxyInstance(ControlFiles.class.getClassLoader(),
                new Class<?>[] {ControlFiles.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "home" -> directory.getParent();
                    case "directory" -> directory;
                    case "defaultDelivery" -> "./Maildir/";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private DeliveryReport deliver(String local) throws Exception {
        return channel.deliver(9, LocalFixture.SENDER, new MailAddress(local, "example.com"), message)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aMissingTargetDefersAndTheArrivingOneDelivers() throws Exception {
        assertEquals(LocalFixture.temporary("No maildir delivery target is running. (#4.3.0)\n"), deliver("postmaster"));
        RecordingTarget low = RecordingTarget.writing(DeliveryTarget.MAILDIR);
        RecordingTarget high = RecordingTarget.answering(DeliveryTarget.MAILDIR, DeliveryResult.Outcome.SUCCESS, "high\n");
        channel.bindTarget(low, Map.of(DeliveryTarget.KIND, DeliveryTarget.MAILDIR, "service.id", 10L));
        assertEquals(LocalFixture.success("did 1+0+0\n"), deliver("postmaster"));
        assertEquals("Delivered-To: postmaster@example.com\nSubject: x\n\nbody\n",
                Files.readString(dir.resolve("alias/Maildir/")));
        channel.bindTarget(high, Map.of(DeliveryTarget.KIND, DeliveryTarget.MAILDIR, "service.id", 11L,
                "service.ranking", 5));
        assertEquals(LocalFixture.success("high\ndid 1+0+0\n"), deliver("postmaster"));
        channel.unbindTarget(high);
        channel.unbindTarget(low);
        assertEquals(LocalFixture.temporary("No maildir delivery target is running. (#4.3.0)\n"), deliver("postmaster"));
    }

    /** The queue's content: it tells when the message arrived. */
    private record QueuedContent(FileContent bytes, Instant arrived) implements MessageContent {
        @Override
        public long size() {
            return bytes.size();
        }

        @Override
        public InputStream open() throws IOException {
            return bytes.open();
        }

        @Override
        public Optional<Instant> arrival() {
            return Optional.of(arrived);
        }
    }

    @Test
    void eachInstructionCarriedOutIsTimedFromTheMessagesArrivalByKind() throws Exception {
        PrometheusTestMetrics metrics = new PrometheusTestMetrics();
        channel.bindMetrics(metrics);
        channel.bindTarget(RecordingTarget.writing(DeliveryTarget.MAILDIR),
                Map.of(DeliveryTarget.KIND, DeliveryTarget.MAILDIR, "service.id", 10L));
        String series = "tessera_local_delivery_latency_seconds";
        assertEquals(0.0, metrics.value(series + "_count{kind=\"mbox\"}"), "the built-in kinds from the start");
        QueuedContent anHourAgo = new QueuedContent(message, Instant.now().minusSeconds(3600));
        assertEquals(LocalFixture.success("did 1+0+0\n"), channel.deliver(9, LocalFixture.SENDER,
                new MailAddress("postmaster", "example.com"), anHourAgo).toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertEquals(1.0, metrics.value(series + "_count{kind=\"maildir\"}"));
        assertEquals(0.0, metrics.value(series + "_bucket{kind=\"maildir\",le=\"3600.0\"}"));
        assertEquals(1.0, metrics.value(series + "_bucket{kind=\"maildir\",le=\"14400.0\"}"));
        double sum = metrics.value(series + "_sum{kind=\"maildir\"}");
        assertTrue(sum >= 3600 && sum < 3660, "sum " + sum);
        // Content that does not tell its arrival (not the queue's) is not timed; nor is a failed instruction.
        assertEquals(LocalFixture.success("did 1+0+0\n"), deliver("postmaster"));
        channel.bindTarget(RecordingTarget.answering(DeliveryTarget.MAILDIR, DeliveryResult.Outcome.TEMPORARY, "busy\n"),
                Map.of(DeliveryTarget.KIND, DeliveryTarget.MAILDIR, "service.id", 11L, "service.ranking", 5));
        assertEquals(DeliveryReport.Outcome.TEMPORARY, channel.deliver(9, LocalFixture.SENDER,
                new MailAddress("postmaster", "example.com"), anHourAgo).toCompletableFuture().get(30, TimeUnit.SECONDS)
                .outcome());
        assertEquals(1.0, metrics.value(series + "_count{kind=\"maildir\"}"));
        channel.unbindMetrics(metrics);
    }

    @Test
    void aKindNoLabelCanCarryDeliversUntimed() {
        PrometheusTestMetrics metrics = new PrometheusTestMetrics();
        LocalMeters meters = new LocalMeters(metrics, Clock.systemUTC());
        String kind = "k".repeat(MeterId.MAX_LABEL_VALUE + 1);
        DeliveryTarget measured = meters.measured(kind, RecordingTarget.answering(kind, DeliveryResult.Outcome.SUCCESS, "ok\n"));
        Map<String, String> environment = new HashMap<>();
        Delivery.REQUIRED_ENVIRONMENT.forEach(name -> environment.put(name, ""));
        Delivery delivery = new Delivery(9, new MailUser("u", 1, 1, dir.toString(), "", ""), List.of("x"),
                LocalFixture.SENDER, new MailAddress("u", "example.com"), LocalFixture.SENDER, environment,
                new QueuedContent(message, Instant.now()));
        assertEquals(DeliveryResult.Outcome.SUCCESS, measured.deliver(delivery).outcome());
        assertTrue(metrics.samples().keySet().stream().noneMatch(s -> s.contains("kind=\"kkk")));
    }

    @Test
    void usersCdbRanksAboveTheAliasUserAndANewuIsSeenAtOnce() throws Exception {
        channel.bindTarget(RecordingTarget.answering(DeliveryTarget.MAILDIR, DeliveryResult.Outcome.SUCCESS, ""),
                Map.of(DeliveryTarget.KIND, DeliveryTarget.MAILDIR, "service.id", 10L));
        assertEquals(LocalFixture.permanent("Sorry, no mailbox here by that name. (#5.1.1)\n"), deliver("Joe"));
        Path joe = Files.createDirectories(dir.resolve("joe"));
        Files.setPosixFilePermissions(joe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("users/assign"), "=joe:joe:507:100:" + joe + ":::\n.\n");
        assertEquals(0, Newu.run(dir, Cdb.files(), System.err));
        assertEquals(LocalFixture.success("did 1+0+0\n"), deliver("Joe"));
        assertEquals(LocalFixture.success(""), deliver(""));
    }

    @Test
    void deliverReturnsAtOnceAndStoppingDefersWhatIsOpen() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        channel.bindTarget(RecordingTarget.answering(DeliveryTarget.MAILDIR, d -> {
            entered.countDown();
            try {
                release.await();
                return RecordingTarget.OK;
            } catch (InterruptedException e) {
                // Two workers: the second delivery may be running, not waiting, when the channel stops.
                Thread.currentThread().interrupt();
                return new DeliveryResult(DeliveryResult.Outcome.TEMPORARY, "interrupted\n");
            }
        }), Map.of(DeliveryTarget.KIND, DeliveryTarget.MAILDIR, "service.id", 10L));
        CompletableFuture<DeliveryReport> stage = channel
                .deliver(9, LocalFixture.SENDER, new MailAddress("postmaster", "example.com"), message).toCompletableFuture();
        assertTrue(entered.await(30, TimeUnit.SECONDS));
        assertFalse(stage.isDone());
        CompletableFuture<DeliveryReport> waiting = channel
                .deliver(9, LocalFixture.SENDER, new MailAddress("postmaster", "example.com"), message).toCompletableFuture();
        CompletableFuture<DeliveryReport> third = channel
                .deliver(9, LocalFixture.SENDER, new MailAddress("postmaster", "example.com"), message).toCompletableFuture();
        channel.deactivate();
        assertEquals(LocalFixture.temporary(LocalChannel.STOPPED), third.get(30, TimeUnit.SECONDS));
        assertEquals(DeliveryReport.Outcome.TEMPORARY, waiting.get(30, TimeUnit.SECONDS).outcome());
        release.countDown();
        assertTrue(stage.isDone());
        assertEquals(LocalFixture.temporary(LocalChannel.STOPPED),
                channel.deliver(9, LocalFixture.SENDER, new MailAddress("x", "y"), message).toCompletableFuture()
                        .get(30, TimeUnit.SECONDS));
    }
}
