package org.tessera.maillog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultilogWriterTest {

    private static final Pattern LINE = Pattern.compile("@[0-9a-f]{24} .*");
    private static final Pattern OLD = Pattern.compile("@[0-9a-f]{24}\\.s");

    @TempDir
    Path dir;

    // A clock that moves 1 ms per reading, so every label and every rotated name differ.
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    private final Supplier<Instant> clock = () -> Instant.ofEpochMilli(millis.incrementAndGet());

    @Test
    void oneLabelledLinePerEvent() throws IOException {
        Instant at = Instant.parse("2000-03-06T17:45:10.670309500Z");
        try (MultilogWriter w = new MultilogWriter(dir, 99999, 10, () -> at)) {
            w.write(at, "new msg 42");
            w.write(at, "end msg 42");
        }
        assertEquals(List.of("@4000000038c3eeb027f41c7c new msg 42", "@4000000038c3eeb027f41c7c end msg 42"),
                Files.readAllLines(dir.resolve("current")));
    }

    @Test
    void embeddedNewlinesStartLabelledLines() throws IOException {
        try (MultilogWriter w = new MultilogWriter(dir, 99999, 10, clock)) {
            w.write(clock.get(), "one\ntwo\n");
        }
        List<String> lines = Files.readAllLines(dir.resolve("current"));
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).endsWith(" one") && lines.get(1).endsWith(" two"), lines.toString());
    }

    @Test
    void rotatesAtTheSizeBoundAndKeepsNumFiles() throws IOException {
        long size = 4096;
        int num = 3;
        List<String> written = new ArrayList<>();
        try (MultilogWriter w = new MultilogWriter(dir, size, num, clock)) {
            for (int i = 0; i < 400; i++) {
                String msg = "delivery " + i + ": success: did_1+0+0/";
                w.write(clock.get(), msg);
                written.add(msg);
                assertTrue(Files.size(dir.resolve("current")) <= size);
            }
        }
        List<String> old = oldFiles();
        assertEquals(num - 1, old.size(), old.toString());   // multilog n3: 2 old files + current
        for (String name : old) {
            Path p = dir.resolve(name);
            assertTrue(OLD.matcher(name).matches(), name);
            assertTrue(Files.size(p) <= size && Files.size(p) >= size - 2000 - 100, name + " " + Files.size(p));
            assertEquals("rwxr--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            assertAllLinesLabelled(p);
        }
        // The newest lines are all there, in order, across the kept files.
        List<String> kept = new ArrayList<>();
        for (String name : old) {
            kept.addAll(Files.readAllLines(dir.resolve(name)));
        }
        kept.addAll(Files.readAllLines(dir.resolve("current")));
        List<String> tail = written.subList(written.size() - kept.size(), written.size());
        assertEquals(tail, kept.stream().map(l -> l.substring(26)).collect(Collectors.toList()));
        // The label in a rotated file's name is not older than its last line.
        String first = old.get(0);
        List<String> lines = Files.readAllLines(dir.resolve(first));
        assertTrue(first.substring(0, 25).compareTo(lines.get(lines.size() - 1).substring(0, 25)) > 0);
    }

    @Test
    void currentIs0644WhileWrittenAnd0744WhenClosed() throws IOException {
        Path current = dir.resolve("current");
        MultilogWriter w = new MultilogWriter(dir, 99999, 10, clock);
        w.write(clock.get(), "status: local 0/10 remote 0/20");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(current)));
        w.close();
        assertEquals("rwxr--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(current)));
    }

    @Test
    void cleanlyClosedCurrentIsAppendedToCrashedOneIsSetAsideAsU() throws IOException {
        try (MultilogWriter w = new MultilogWriter(dir, 99999, 10, clock)) {
            w.write(clock.get(), "first");
        }
        try (MultilogWriter w = new MultilogWriter(dir, 99999, 10, clock)) {
            w.write(clock.get(), "second");
        }
        assertEquals(2, Files.readAllLines(dir.resolve("current")).size());
        assertTrue(oldFiles().isEmpty());

        // A crash leaves current at 0644: the next start finishes it as @….u and starts afresh.
        Files.setPosixFilePermissions(dir.resolve("current"), PosixFilePermissions.fromString("rw-r--r--"));
        try (MultilogWriter w = new MultilogWriter(dir, 99999, 10, clock)) {
            w.write(clock.get(), "third");
        }
        List<String> u = listNames().stream().filter(n -> n.endsWith(".u")).collect(Collectors.toList());
        assertEquals(1, u.size());
        assertEquals(2, Files.readAllLines(dir.resolve(u.get(0))).size());
        assertEquals(1, Files.readAllLines(dir.resolve("current")).size());
    }

    @Test
    void reopensWhenCurrentWasRemoved() throws IOException {
        try (MultilogWriter w = new MultilogWriter(dir, 99999, 10, clock)) {
            w.write(clock.get(), "before");
            Files.delete(dir.resolve("current"));
            // The writer looks at most once a second.
            millis.addAndGet(1000);
            w.write(clock.get(), "after");
            List<String> lines = Files.readAllLines(dir.resolve("current"));
            assertEquals(1, lines.size());
            assertTrue(lines.get(0).endsWith(" after"));
            // Even the whole directory.
            Files.delete(dir.resolve("current"));
            Files.delete(dir);
            millis.addAndGet(1000);
            w.write(clock.get(), "again");
            assertTrue(Files.readAllLines(dir.resolve("current")).get(0).endsWith(" again"));
        }
    }

    @Test
    void concurrentWritersNeverInterleaveOrSplitLines() throws Exception {
        int threads = 8;
        int each = 2000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        try (MultilogWriter w = new MultilogWriter(dir, 65536, 1000, Instant::now)) {
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < each; i++) {
                            w.write(clock.get(), "delivery " + id + "-" + i + ": success: " + "x".repeat(i % 300) + "/");
                        }
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                });
                thread.start();
                started.add(thread);
            }
            go.countDown();
            for (Thread thread : started) {
                thread.join();
            }
        }
        assertTrue(errors.isEmpty(), errors.toString());
        Set<String> seen = new HashSet<>();
        for (String name : listNames()) {
            Path p = dir.resolve(name);
            byte[] content = Files.readAllBytes(p);
            assertEquals('\n', content[content.length - 1], name + " ends mid-line");
            for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
                assertTrue(Pattern.matches("@[0-9a-f]{24} delivery \\d+-\\d+: success: x*/", line), line);
                assertTrue(seen.add(line.substring(26, line.indexOf(':'))), "duplicate " + line);
            }
        }
        assertEquals(threads * each, seen.size());
        assertFalse(oldFiles().isEmpty(), "expected rotations");
    }

    private void assertAllLinesLabelled(Path p) throws IOException {
        for (String line : Files.readAllLines(p)) {
            assertTrue(LINE.matcher(line).matches(), line);
        }
    }

    private List<String> oldFiles() throws IOException {
        return listNames().stream().filter(n -> n.startsWith("@")).sorted().collect(Collectors.toList());
    }

    private List<String> listNames() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
