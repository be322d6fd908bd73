package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order in which a session learns of its connection: start before any byte, the end of input after the last. */
class TcpServerTest {

    private TcpServer server;

    /** Records what happens to it; at the end of the input it answers with all it saw and closes. */
    private static final class Recording implements TcpServer.Session {
        final TcpServer.Connection connection;
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile String thread;

        Recording(TcpServer.Connection connection) {
            this.connection = connection;
        }

        @Override
        public void start() {
            events.add("start");
            thread = Thread.currentThread().getName();
            connection.transport().setReadable(true);
        }

        @Override
        public void received(byte[] bytes) {
            events.add("received " + new String(bytes, StandardCharsets.US_ASCII).strip());
        }

        @Override
        public void disconnected() {
            events.add("disconnected");
        }

        @Override
        public void inputEnded() {
            events.add("inputEnded");
            connection.transport().writeBytes((String.join(",", events) + "\n").getBytes(StandardCharsets.US_ASCII),
                    connection.james());
            connection.transport().closeAfterWrites();
        }
    }

    private final List<Recording> sessions = new CopyOnWriteArrayList<>();

    private int start(boolean halfClosure) throws Exception {
        return start(halfClosure, 1);
    }

    private int start(boolean halfClosure, int handlerThreads) throws Exception {
        server = TcpServer.builder("TEST", "test", connection -> {
            Recording session = new Recording(connection);
            sessions.add(session);
            return session;
        }).port(0).handlerThreads(handlerThreads).ioThreads(1).halfClosure(halfClosure).build();
        server.start();
        return server.boundAddresses().get(0).getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void bytesSentAtOnceReachTheSessionOnlyAfterItsStart() throws Exception {
        int port = start(true);
        for (int i = 0; i < 50; i++) {
            try (Socket client = new Socket("127.0.0.1", port)) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write(("early " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();
                String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertEquals("start,received early " + i + ",inputEnded\n", answer);
            }
        }
    }

    @Test
    void withoutHandlerThreadsTheIoThreadRunsTheSessionInTheSameOrder() throws Exception {
        int port = start(true, 0);
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("at once\n".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            assertEquals("start,received at once,inputEnded\n",
                    new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
        assertTrue(sessions.get(0).thread.startsWith("test-io-"), sessions.get(0).thread);
    }

    @Test
    void withoutHalfClosureTheEndOfInputClosesTheConnection() throws Exception {
        int port = start(false);
        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("line\n".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            assertEquals(-1, client.getInputStream().read());
        }
        awaitDisconnected();
        // The close may come before the session's turn: then it never starts and sees nothing.
        List<String> events = sessions.get(0).events;
        assertTrue(events.equals(List.of("start", "received line", "disconnected")) || events.equals(List.of("disconnected")),
                events.toString());
    }

    /** Greets on start, so that a client knows when its connection got a slot; closes at the end of input. */
    private static final class Greeting implements TcpServer.Session {
        final TcpServer.Connection connection;

        Greeting(TcpServer.Connection connection) {
            this.connection = connection;
        }

        @Override
        public void start() {
            connection.transport().writeBytes("hello\n".getBytes(StandardCharsets.US_ASCII), connection.james());
            connection.transport().setReadable(true);
        }

        @Override
        public void received(byte[] bytes) {
        }

        @Override
        public void disconnected() {
        }

        @Override
        public void inputEnded() {
            connection.transport().closeAfterWrites();
        }
    }

    private int startWithSlots(int slots) throws Exception {
        server = TcpServer.builder("TEST", "test", Greeting::new).port(0).handlerThreads(1).ioThreads(1)
                .concurrency(() -> slots).whileOthersWait(java.time.Duration.ofHours(1), java.time.Duration.ofHours(1))
                .build();
        server.start();
        return server.boundAddresses().get(0).getPort();
    }

    private Socket connectAndAwaitWaiting(int port, int waiting) throws Exception {
        Socket client = new Socket("127.0.0.1", port);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.waitingCount() < waiting && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(waiting, (int) server.waitingCount());
        return client;
    }

    private static boolean greetedWithin(Socket client, int millis) throws IOException {
        client.setSoTimeout(millis);
        try {
            return client.getInputStream().read() == 'h';
        } catch (java.net.SocketTimeoutException notYet) {
            return false;
        }
    }

    @Test
    void whileMoreWaitThanThereAreSlotsAFreedSlotGoesToTheNewestAndOtherwiseToTheOldest() throws Exception {
        int port = startWithSlots(1);
        try (Socket first = new Socket("127.0.0.1", port)) {
            assertTrue(greetedWithin(first, 10_000));
            try (Socket oldest = connectAndAwaitWaiting(port, 1);
                    Socket middle = connectAndAwaitWaiting(port, 2);
                    Socket newest = connectAndAwaitWaiting(port, 3)) {
                first.shutdownOutput();
                assertTrue(greetedWithin(newest, 10_000), "three wait for one slot: the newest first");
                assertFalse(greetedWithin(oldest, 200));
                newest.shutdownOutput();
                assertTrue(greetedWithin(middle, 10_000), "two wait for one slot: again the newest");
                assertFalse(greetedWithin(oldest, 200));
                middle.shutdownOutput();
                assertTrue(greetedWithin(oldest, 10_000), "one waits: its turn, as in tcpserver's backlog");
            }
        }
    }

    @Test
    void asLongAsNoMoreWaitThanThereAreSlotsTheOldestComesFirst() throws Exception {
        int port = startWithSlots(2);
        try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
            assertTrue(greetedWithin(a, 10_000));
            assertTrue(greetedWithin(b, 10_000));
            try (Socket older = connectAndAwaitWaiting(port, 1); Socket newer = connectAndAwaitWaiting(port, 2)) {
                a.shutdownOutput();
                assertTrue(greetedWithin(older, 10_000));
                assertFalse(greetedWithin(newer, 200));
                b.shutdownOutput();
                assertTrue(greetedWithin(newer, 10_000));
            }
        }
    }

    private void awaitDisconnected() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        // The session is made on the handler thread, which may come to it after the client saw the close.
        while (sessions.isEmpty() || !sessions.get(0).events.contains("disconnected")) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no disconnect: " + sessions);
            }
            Thread.sleep(10);
        }
    }
}
