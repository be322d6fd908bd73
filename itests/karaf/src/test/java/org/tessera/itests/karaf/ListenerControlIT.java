package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;

/**
 * qmailctl's verbs for the listeners (issue 13): {@code qmail:stop} closes every listener's port while
 * the queue goes on delivering, {@code qmail:start} opens them again, and {@code qmail:restart} stops
 * the listeners, restarts the queue manager and starts them, losing nothing that was acknowledged.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ListenerControlIT {

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("listener-control-home", Map.of(), true);

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String send(String subject) throws Exception {
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction("sender@example.com", List.of("postmaster@example.com"),
                    "Subject: " + subject + "\r\n\r\nbody\r\n"));
        }
        return subject;
    }

    /** Waits until every subject has arrived in the alias user's Maildir (once or more: at least once). */
    private static void awaitDelivered(List<String> subjects) throws Exception {
        Path maildir = smtp.commands.home.resolve("alias/Maildir/new");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        List<String> missing = new ArrayList<>(subjects);
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(maildir)) {
                String all = String.join("\n", files.map(ListenerControlIT::read).toList());
                missing.removeIf(subject -> all.contains("Subject: " + subject + "\n"));
            }
            Thread.sleep(200);
        }
        assertEquals("acknowledged and never delivered", List.of(), missing);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    public void a_stopClosesEveryListenerAndTheQueueGoesOnDelivering() throws Exception {
        smtp.ctl("pause");
        String held = send("held while the listeners stop");
        Result stop = smtp.ctl("stop");
        assertTrue(stop.out(), stop.out().contains("stopped org.tessera.smtp.internal.SmtpListener"));
        assertTrue(stop.out(), stop.out().contains("stopped org.tessera.pop3.internal.Pop3Listener"));
        for (int port : List.of(smtp.port, smtp.commands.qmtpPort, smtp.commands.qmqpPort, smtp.commands.pop3Port)) {
            assertFalse("port " + port + " refuses connections", accepts(port));
        }
        Result stat = smtp.ctl("stat");
        assertTrue(stat.out(), stat.out().contains("STOPPED"));
        smtp.ctl("cont");
        awaitDelivered(List.of(held));

        Result start = smtp.ctl("start");
        assertTrue(start.out(), start.out().contains("started org.tessera.smtp.internal.SmtpListener"));
        for (int port : List.of(smtp.port, smtp.commands.qmtpPort, smtp.commands.qmqpPort, smtp.commands.pop3Port)) {
            assertTrue("port " + port + " accepts again", accepts(port));
        }
        awaitDelivered(List.of(send("after qmail:start")));
        assertTrue(smtp.ctl("start").out().contains("all running already"));
    }

    @Test
    public void c_showctlSaysEachValueAndWhereItComesFrom() throws Exception {
        Files.writeString(smtp.commands.home.resolve("control/concurrencyremote"), "7\n");
        Files.writeString(smtp.commands.home.resolve("control/whatisthis"), "x\n");
        smtp.reload();
        String out = smtp.ctl("showctl").out().replace("\r\n", "\n");
        for (String expected : List.of("\nme: My name is " + SmtpHome.ME + ".\n",
                "\nconcurrencyremote: Remote concurrency is 7.\n",
                "\nconcurrencylocal: (Default.) Local concurrency is 10.\n",
                "\ndatabytes: (Default.) SMTP DATA limit is 0 bytes.\n",
                "\ndefaulthost: (Default.) Default host name is " + SmtpHome.ME + ".\n",
                "\nrcpthosts: \nSMTP clients may send messages to recipients at example.com.\n",
                "\nmorercpthosts: (Default.) No effect.\n",
                "\nlocals: \nMessages for example.com are delivered locally.\nMessages for " + SmtpHome.ME
                        + " are delivered locally.\n",
                "\nwhatisthis: I have no idea what this file does.\n")) {
            assertTrue(expected + " in\n" + out, out.contains(expected));
        }
    }

    @Test
    public void b_restartLosesNothingAcknowledged() throws Exception {
        smtp.ctl("pause");
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            subjects.add(send("before the restart " + i));
        }
        Result restart = smtp.ctl("restart");
        assertTrue(restart.out(), restart.out().contains("stopped org.tessera.queue.internal.QueueService"));
        assertTrue(restart.out(), restart.out().contains("started org.tessera.queue.internal.QueueService"));
        // The queue manager came back from its store: unpaused, as a restarted qmail-send is.
        subjects.add(send("after the restart"));
        awaitDelivered(subjects);
        assertEquals(0, smtp.commands.tessera(60, "ctl", "stat").exit());
    }
}
