package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.tessera.itests.karaf.Commands.Result;

/**
 * The queue administration commands through {@code bin/tessera ctl} and {@code bin/qmail-qstat},
 * {@code bin/qmail-qread}: {@code reload} names the control files that changed, the tools report
 * the running queue, and every queue command still exists and fails clearly while the queue
 * bundle is stopped, then works again once it is started.
 */
public class QueueAdminIT {

    private static final String NOT_RUNNING = "the queue is not running: no QueueAdmin service";

    private static Commands commands;
    private static Path home;

    @BeforeClass
    public static void startServer() throws Exception {
        commands = new Commands("queueadmin-home");
        home = commands.home;
        commands.startAndAwaitUp(180);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (home != null && Files.exists(home)) {
            commands.tessera(60, "stop");
        }
    }

    @Test
    public void reloadNamesTheControlFilesThatChanged() throws Exception {
        Result first = commands.tessera(60, "ctl", "reload");
        assertEquals(first.toString(), 0, first.exit());
        assertTrue(first.out(), first.out().contains("reloaded " + home.resolve("control")));

        Files.writeString(home.resolve("control/concurrencyremote"), "7\n");
        Files.writeString(home.resolve("control/databytes"), "1000000\n");
        Result changed = commands.tessera(60, "ctl", "reload");
        assertEquals(changed.toString(), 0, changed.exit());
        assertTrue(changed.out(), changed.out().contains("changed: concurrencyremote databytes (generation "));

        Result again = commands.tessera(60, "ctl", "reload");
        assertEquals(again.toString(), 0, again.exit());
        assertTrue(again.out(), again.out().contains("no file changed"));
    }

    @Test
    public void qmailQstatAndQreadReportTheQueue() throws Exception {
        Result qstat = commands.run(60, List.of(commands.bin("qmail-qstat")), null);
        assertEquals(qstat.toString(), 0, qstat.exit());
        assertTrue(qstat.out(), qstat.out().contains("messages in queue: 0\n"));
        assertTrue(qstat.out(), qstat.out().contains("messages in queue but not yet preprocessed: 0\n"));
        Result qread = commands.run(60, List.of(commands.bin("qmail-qread")), null);
        assertEquals(qread.toString(), 0, qread.exit());
    }

    @Test
    public void queueCommandsFailClearlyWhileTheQueueBundleIsStopped() throws Exception {
        Result stop = commands.tessera(60, "ctl", "bundle:stop", "org.tessera.queue");
        assertEquals(stop.toString(), 0, stop.exit());
        try {
            for (List<String> command : List.of(List.of("queue"), List.of("queue", "--counts-only"), List.of("doqueue"),
                    List.of("pause"), List.of("cont"), List.of("queue-show", "1"), List.of("queue-retry", "1"),
                    List.of("queue-remove", "1"), List.of("queue-bounce", "1", "no", "reason"), List.of("qshape"))) {
                List<String> args = new ArrayList<>(List.of("ctl"));
                args.addAll(command);
                Result result = commands.tessera(60, args.toArray(String[]::new));
                assertNotEquals("exit status of ctl " + command + ": " + result, 0, result.exit());
                assertTrue(command + ": " + result.out(), result.out().contains(NOT_RUNNING));
                assertFalse(command + ": " + result.out(), result.out().contains("Command not found"));
            }
            for (String tool : List.of("qmail-qstat", "qmail-qread")) {
                Result result = commands.run(60, List.of(commands.bin(tool)), null);
                assertNotEquals(tool + ": " + result, 0, result.exit());
                assertTrue(tool + ": " + result.out(), result.out().contains(NOT_RUNNING));
            }
        } finally {
            Result start = commands.tessera(60, "ctl", "bundle:start", "org.tessera.queue");
            assertEquals(start.toString(), 0, start.exit());
        }
        Result counts = commands.tessera(60, "ctl", "queue", "--counts-only");
        assertEquals("the command works again once the queue is back: " + counts, 0, counts.exit());
    }

    @Test
    public void qshapeCountsTheRecipientsStillToDeliverByDomainAndAge() throws Exception {
        String me = Files.readString(home.resolve("control/me")).strip();
        Result pause = commands.tessera(60, "ctl", "pause");
        assertEquals(pause.toString(), 0, pause.exit());
        try {
            Result sent = commands.run(60, List.of(commands.bin("sendmail"), "-f", "s@example.org",
                    "postmaster@" + me, "mailer-daemon@" + me), Files.writeString(home.resolve("shape.msg"),
                    "Subject: qshape\n\nhello\n"));
            assertEquals(sent.toString(), 0, sent.exit());
            Result shape = commands.tessera(60, "ctl", "qshape");
            assertEquals(shape.toString(), 0, shape.exit());
            List<String> lines = shape.out().lines().map(String::strip).toList();
            assertTrue(shape.out(), lines.get(0).strip().startsWith("T      5     10     20"));
            assertTrue(shape.out(), lines.get(1).matches("TOTAL +2 +2( +0){9}"));
            // qmail-inject completes a host without a dot with defaultdomain: vm becomes vm.vm.
            assertTrue(shape.out(), lines.get(2).matches(Pattern.quote(me) + "(\\.\\S+)? +2 +2( +0){9}"));
            Result deferred = commands.tessera(60, "ctl", "qshape", "--deferred");
            assertTrue("nothing was tried yet: " + deferred.out(), deferred.out().lines().map(String::strip).toList()
                    .get(1).matches("TOTAL +0( +0){10}"));
        } finally {
            Result cont = commands.tessera(60, "ctl", "cont");
            assertEquals(cont.toString(), 0, cont.exit());
        }
        // Delivered to the alias user, so the other tests find the queue as empty as they left it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Result qstat;
        do {
            qstat = commands.run(60, List.of(commands.bin("qmail-qstat")), null);
        } while (!qstat.out().contains("messages in queue: 0\n") && System.nanoTime() < deadline);
        assertTrue(qstat.out(), qstat.out().contains("messages in queue: 0\n"));
    }

    @Test
    public void queueCommandsHaveHelp() throws Exception {
        Result help = commands.tessera(60, "ctl", "queue", "--help");
        assertEquals(help.toString(), 0, help.exit());
        assertTrue(help.out(), help.out().contains("--counts-only") && help.out().contains("--list-only"));
        Result show = commands.tessera(60, "ctl", "queue-show", "--help");
        assertEquals(show.toString(), 0, show.exit());
        assertTrue(show.out(), show.out().contains("never the body"));
    }
}
