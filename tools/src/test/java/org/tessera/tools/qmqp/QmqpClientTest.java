package org.tessera.tools.qmqp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** qmail-qmqpc's package and exit codes, against a one-connection QMQP server on loopback. */
class QmqpClientTest {

    private static final QmqpClient.Content MESSAGE = content("Subject: x\n\nbody\n");

    static QmqpClient.Content content(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new QmqpClient.Content() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(bytes);
            }
        };
    }

    /** Accepts one connection, reads the whole package (its outer netstring), answers, closes; returns the package. */
    static CompletableFuture<String> server(ServerSocket socket, String answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket client = socket.accept()) {
                InputStream in = client.getInputStream();
                ByteArrayOutputStream read = new ByteArrayOutputStream();
                long length = 0;
                for (int b; (b = in.read()) != ':';) {
                    read.write(b);
                    length = 10 * length + (b - '0');
                }
                read.write(':');
                read.write(in.readNBytes((int) length + 1));
                client.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                return read.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static ServerSocket listening() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static InetSocketAddress at(ServerSocket socket) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    @Test
    void thePackageIsQmqpsAndKMeansQueued() throws Exception {
        try (ServerSocket socket = listening()) {
            CompletableFuture<String> received = server(socket, "20:Kok 1700000000 qp 42,");
            QmqpClient.Result r = QmqpClient.send(List.of(at(socket)), MESSAGE, "s@b.test", List.of("u@x.test", "v@y.test"));
            assertEquals(new QmqpClient.Result(0, "Kok 1700000000 qp 42"), r);
            assertEquals("54:17:Subject: x\n\nbody\n,8:s@b.test,8:u@x.test,8:v@y.test,,", received.get());
        }
    }

    @Test
    void zAndDAreTemporaryAndPermanent() throws Exception {
        try (ServerSocket socket = listening()) {
            server(socket, "23:Zqq read error (#4.3.0),");
            assertEquals(71, QmqpClient.send(List.of(at(socket)), MESSAGE, "", List.of()).exitCode());
        }
        try (ServerSocket socket = listening()) {
            server(socket, "51:Dsorry, I can't accept addresses like that (#5.1.3),");
            QmqpClient.Result r = QmqpClient.send(List.of(at(socket)), MESSAGE, "", List.of("a"));
            assertEquals(new QmqpClient.Result(31, "Dsorry, I can't accept addresses like that (#5.1.3)"), r);
        }
    }

    @Test
    void aRefusedConnectTriesTheNextServer() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket gone = listening()) {
            closed = at(gone);
        }
        try (ServerSocket socket = listening()) {
            server(socket, "10:Kok 1 qp 7,");
            assertEquals(0, QmqpClient.send(List.of(closed, at(socket)), MESSAGE, "", List.of("a")).exitCode());
        }
        assertEquals(73, QmqpClient.send(List.of(closed), MESSAGE, "", List.of("a")).exitCode());
        assertEquals(55, QmqpClient.send(List.of(), MESSAGE, "", List.of("a")).exitCode());
    }

    @Test
    void noAnswerAfterConnectingIs74AndAnUnreadableMessage54() throws Exception {
        try (ServerSocket socket = listening()) {
            server(socket, "");
            assertEquals(74, QmqpClient.send(List.of(at(socket)), MESSAGE, "", List.of("a")).exitCode());
        }
        QmqpClient.Content unreadable = new QmqpClient.Content() {
            @Override
            public long length() {
                return 10;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                throw new QmqpClient.ContentException("unable to read message", null);
            }
        };
        try (ServerSocket socket = listening()) {
            assertEquals(54, QmqpClient.send(List.of(at(socket)), unreadable, "", List.of("a")).exitCode());
        }
    }
}
