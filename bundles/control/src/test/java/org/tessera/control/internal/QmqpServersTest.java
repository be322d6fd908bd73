package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QmqpServersTest {

    @Test
    void keepsDottedQuadsInFileOrderAndSkipsJunk() {
        List<String> lines = List.of("127.0.0.1", "mail.example.com", "10.0.0.2", "1.2.3", "256.1.1.1", "::1",
                "1.2.3.4.5", " 10.0.0.3", "192.0.2.9 backup");
        assertEquals(List.of("127.0.0.1", "10.0.0.2", "1.2.3.4", "192.0.2.9"), QmqpServers.parse(lines));
    }

    @Test
    void writesAddressesCanonically() {
        assertEquals(List.of("10.0.0.1"), QmqpServers.parse(List.of("010.000.0.01")));
    }

    @Test
    void serviceReadsTheFile(@TempDir Path dir) {
        TestHome home = new TestHome(dir).write("qmqpservers", "#127.0.0.9\nnot-an-ip\n127.0.0.1\n");
        assertEquals(List.of("127.0.0.1"), home.service().qmqpServers());
    }
}
