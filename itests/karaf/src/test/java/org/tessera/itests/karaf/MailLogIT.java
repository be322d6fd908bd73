package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.tessera.itests.karaf.Commands.Result;

/**
 * The mail log in the distribution: tcpserver's lines of an SMTP connection reach {@code log/current}
 * through the mail-log service, labelled as multilog labels, and stay out of karaf.log; lines made
 * while org.tessera.maillog is stopped wait and are written, with the times they were made, when it
 * is back; {@code bin/tai64nlocal} reads the file.
 */
public class MailLogIT {

    private static Commands commands;
    private static Path home;

    @BeforeClass
    public static void startServer() throws Exception {
        commands = new Commands("maillog-home");
        home = commands.home;
        Result start = run(120, List.of(bin("tessera"), "start"), null);
        assertEquals("bin/tessera start: " + start, 0, start.exit());
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (home != null && Files.exists(home)) {
            run(60, List.of(bin("tessera"), "stop"), null);
        }
    }

    @Test
    public void linesReachLogCurrentAndNoneIsLostWhileTheMailLogIsStopped() throws Exception {
        Path current = home.resolve("log/current");
        String first = connectionNumber(current);
        assertFalse("kept out of karaf.log",
                Files.readString(home.resolve("data/log/karaf.log")).contains("tcpserver: pid " + first + " "));

        Result stop = run(60, List.of(bin("tessera"), "ctl", "bundle:stop", "org.tessera.maillog"), null);
        assertEquals(stop.toString(), 0, stop.exit());
        Instant whileStopped = Instant.now();
        try (SmtpClient c = SmtpClient.greeted(commands.smtpPort)) {
            c.command("QUIT");
        }
        Thread.sleep(1500);
        Result start = run(60, List.of(bin("tessera"), "ctl", "bundle:start", "org.tessera.maillog"), null);
        assertEquals(start.toString(), 0, start.exit());

        String second = Long.toString(Long.parseLong(first) + 1);
        assertTrue("the line made while stopped is written", waitForLine(current, " tcpserver: pid " + second
                + " from 127.0.0.1"));
        String line = Files.readAllLines(current).stream().filter(l -> l.endsWith(" tcpserver: pid " + second
                + " from 127.0.0.1")).findFirst().orElseThrow();
        Instant labelled = tai64n(line.substring(0, 25));
        assertTrue("labelled with the time it was made: " + line,
                !labelled.isBefore(whileStopped.minusSeconds(1)) && labelled.isBefore(whileStopped.plusSeconds(1)));

        Path copy = Files.writeString(home.resolve("current.copy"), Files.readString(current));
        Result local = run(30, List.of(bin("tai64nlocal")), copy);
        assertEquals(local.toString(), 0, local.exit());
        assertTrue(local.out(), local.out().matches("(?s).*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{9} "
                + "tcpserver: pid " + second + " from 127\\.0\\.0\\.1\n.*"));
    }

    // An SMTP session, and the number tcpserver gave it, from its lines in the mail log.
    private static String connectionNumber(Path current) throws Exception {
        try (SmtpClient c = SmtpClient.greeted(commands.smtpPort)) {
            c.command("QUIT");
        }
        assertTrue(waitForLine(current, " status 0"));
        List<String> lines = Files.readAllLines(current);
        String pid = lines.stream().filter(l -> l.matches("@4000[0-9a-f]{20} tcpserver: pid \\d+ from 127\\.0\\.0\\.1"))
                .reduce((a, b) -> b).orElseThrow();
        String number = pid.split(" ")[3];
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.endsWith(" tcpserver: end " + number + " status 0")));
        return number;
    }

    // The instant of a TAI64N label: 2^62 + 10 + Unix seconds, then nanoseconds.
    private static Instant tai64n(String label) {
        long seconds = Long.parseUnsignedLong(label.substring(1, 17), 16) - (1L << 62) - 10;
        return Instant.ofEpochSecond(seconds, Long.parseLong(label.substring(17, 25), 16));
    }

    private static boolean waitForLine(Path file, String suffix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            if (Files.exists(file) && Files.readAllLines(file).stream().anyMatch(l -> l.endsWith(suffix))) {
                return true;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static String bin(String name) {
        return commands.bin(name);
    }

    private static Result run(int timeoutSeconds, List<String> command, Path input) throws Exception {
        return commands.run(timeoutSeconds, command, input);
    }
}
