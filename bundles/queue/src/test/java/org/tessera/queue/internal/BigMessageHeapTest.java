package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 50 MB message is streamed to disk: it is queued by a JVM whose whole heap is 16 MB. */
class BigMessageHeapTest {

    @TempDir
    Path home;

    @Test
    void fiftyMegabytesFitInSixteenMegabytesOfHeap() throws Exception {
        Process child = new ProcessBuilder(TestQueues.java().toString(), "-Xmx16m", "-XX:+UseSerialGC",
                "-cp", TestQueues.classPath(), BigInjectChild.class.getName(), home.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        assertTrue(output.contains("OK 1"), output);
        assertTrue(Files.size(home.resolve("queue/msg/1")) > BigInjectChild.SIZE);
    }
}
