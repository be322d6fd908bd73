package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.tessera.itests.karaf.Commands.Result;

/**
 * The mail log in the distribution: an event logged with plain slf4j to the logger
 * {@code tessera.maillog} reaches {@code log/current} through pax-logging's PaxOsgi appender, labelled
 * as multilog labels, stays out of karaf.log, survives a restart of org.tessera.maillog, and
 * {@code bin/tai64nlocal} reads it.
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
    public void slf4jEventsOfTheMailLogLoggerReachLogCurrent() throws Exception {
        log("new msg 42");
        Path current = home.resolve("log/current");
        assertTrue(waitForLine(current, " new msg 42"));
        List<String> lines = Files.readAllLines(current);
        assertTrue(lines.toString(), lines.get(lines.size() - 1).matches("@4000[0-9a-f]{20} new msg 42"));
        assertFalse("kept out of karaf.log",
                Files.readString(home.resolve("data/log/karaf.log")).contains("new msg 42"));

        Result restart = run(60, List.of(bin("tessera"), "ctl", "bundle:restart", "org.tessera.maillog"), null);
        assertEquals(restart.toString(), 0, restart.exit());
        log("end msg 42");
        assertTrue(waitForLine(current, " end msg 42"));

        Path copy = Files.writeString(home.resolve("current.copy"), Files.readString(current));
        Result local = run(30, List.of(bin("tai64nlocal")), copy);
        assertEquals(local.toString(), 0, local.exit());
        assertTrue(local.out(), local.out().matches(
                "(?s)(.*\n)?\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{9} new msg 42\n"
                        + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{9} end msg 42\n"));
    }

    // Karaf's log:log cannot name a logger (it logs as org.apache.karaf.log.core): call slf4j from a
    // console script instead, loading LoggerFactory through the wiring of a bundle that imports it.
    private static void log(String message) throws Exception {
        Result id = run(60, List.of(bin("tessera"), "ctl", "bundle:id", "org.tessera.control"), null);
        assertEquals(id.toString(), 0, id.exit());
        Path script = Files.writeString(home.resolve("log.script"), String.join("\n",
                "lf = ($.context bundle " + id.out().strip() + ") loadClass org.slf4j.LoggerFactory",
                "m = $lf getMethod getLogger (\"\" getClass)",
                "lg = $m invoke null tessera.maillog",
                "$lg info \"" + message + "\"", ""));
        Result r = run(60, List.of(bin("tessera"), "shell"), script);
        assertEquals(r.toString(), 0, r.exit());
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
