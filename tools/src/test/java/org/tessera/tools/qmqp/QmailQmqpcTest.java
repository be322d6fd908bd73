package org.tessera.tools.qmqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qmail-qmqpc's envelope on descriptor 1, its package and its exit codes. */
class QmailQmqpcTest {

    @TempDir
    Path home;

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theEnvelopeIsASenderThenRecipientsThenAnEmptyItem() throws IOException {
        assertEquals(List.of("a@b", "c@d", "e@f"), QmailQmqpc.envelope(bytes("Fa@b\0Tc@d\0Te@f\0\0")));
        assertEquals(List.of(""), QmailQmqpc.envelope(bytes("F\0\0")));
        assertNull(QmailQmqpc.envelope(bytes("Fa@b\0Tc@d\0")), "no end");
        assertNull(QmailQmqpc.envelope(bytes("Ta@b\0\0")), "no sender first");
        assertNull(QmailQmqpc.envelope(bytes("Fa@b\0Xc@d\0\0")), "not a recipient");
    }

    @Test
    void aPackageGoesOutAndTheAnswerIsTheExitCode() throws Exception {
        Path message = Files.writeString(home.resolve("m"), "Subject: q\n\nbody\n");
        for (String answer : List.of("Kok", "Zlater", "Dnever")) {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                    try (Socket s = server.accept(); DataInputStream in = new DataInputStream(s.getInputStream())) {
                        String text = new String(readPackage(in), StandardCharsets.UTF_8);
                        s.getOutputStream().write((answer.length() + ":" + answer + ",").getBytes(StandardCharsets.UTF_8));
                        return text;
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                int exit;
                try (FileInputStream in = new FileInputStream(message.toFile())) {
                    exit = QmailQmqpc.run(Map.of("TESSERA_HOME", home.toString(),
                            "TESSERA_QMQP_PORT", Integer.toString(server.getLocalPort())), in, true,
                            bytes("Fs@x\0Tr@y\0\0"));
                }
                assertEquals(answer.startsWith("K") ? 0 : answer.startsWith("Z") ? 71 : 31, exit);
                assertEquals("17:Subject: q\n\nbody\n,3:s@x,3:r@y,", received.get());
            }
        }
    }

    private static byte[] readPackage(DataInputStream in) throws IOException {
        StringBuilder length = new StringBuilder();
        for (int c; (c = in.read()) != ':';) {
            length.append((char) c);
        }
        byte[] body = new byte[Integer.parseInt(length.toString())];
        in.readFully(body);
        assertEquals(',', in.read());
        return body;
    }

    @Test
    void noServerListeningIsSeventyThreeAndABadEnvelopeNinetyOne() throws Exception {
        Path message = Files.writeString(home.resolve("m"), "x\n");
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Map<String, String> env = Map.of("TESSERA_HOME", home.toString(), "TESSERA_QMQP_PORT", Integer.toString(port));
        try (FileInputStream in = new FileInputStream(message.toFile())) {
            assertEquals(73, QmailQmqpc.run(env, in, true, bytes("Fs@x\0Tr@y\0\0")));
        }
        try (FileInputStream in = new FileInputStream(message.toFile())) {
            assertEquals(91, QmailQmqpc.run(env, in, true, bytes("garbage")));
        }
        try (FileInputStream in = new FileInputStream(message.toFile())) {
            assertTrue(QmailQmqpc.run(Map.of("TESSERA_HOME", home.resolve("missing").toString()), in, true,
                    bytes("Fs@x\0\0")) == 61, "no home");
        }
    }
}
