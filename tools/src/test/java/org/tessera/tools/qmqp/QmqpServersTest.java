package org.tessera.tools.qmqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** control/qmqpservers: addresses in order, an optional port, names and junk skipped, a missing file 127.0.0.1. */
class QmqpServersTest {

    @TempDir
    Path home;

    @Test
    void aMissingFileMeansLoopbackOnTheGivenPort() throws Exception {
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 2700)), QmqpServers.read(home, 2700));
    }

    @Test
    void linesAreAddressesWithAnOptionalPortInFileOrder() throws Exception {
        Files.createDirectories(home.resolve("control"));
        Files.writeString(home.resolve("control/qmqpservers"),
                "10.0.0.2\n127.0.0.1:3000\nmail.example.com\n\n::1\n[::1]:3001\n1.2.3.4:notaport\n  10.0.0.3  \n");
        assertEquals(List.of(new InetSocketAddress("10.0.0.2", 628), new InetSocketAddress("127.0.0.1", 3000),
                new InetSocketAddress("::1", 628), new InetSocketAddress("::1", 3001),
                new InetSocketAddress("10.0.0.3", 628)), QmqpServers.read(home, 628));
    }

    @Test
    void namesAreNeverLookedUp() {
        assertNull(QmqpServers.parse("localhost", 628));
        assertNull(QmqpServers.parse("localhost:628", 628));
        assertNull(QmqpServers.parse("[::1", 628));
        assertNull(QmqpServers.parse("1.2.3.4:70000", 628));
    }
}
