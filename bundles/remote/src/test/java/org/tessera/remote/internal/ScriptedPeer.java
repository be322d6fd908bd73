package org.tessera.remote.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An SMTP peer written out in the test: a plain ServerSocket on a loopback address that plays a
 * script for each connection and records what the client sent.
 */
final class ScriptedPeer implements AutoCloseable {

    /** What the peer does on one connection. */
    interface Script {
        void play(Conversation c) throws Exception;
    }

    /** One connection, as the script sees it. */
    static final class Conversation {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final List<String> received;
        volatile String tlsProtocol;

        Conversation(Socket socket, List<String> received) throws IOException {
            this.received = received;
            use(socket);
        }

        private void use(Socket s) throws IOException {
            socket = s;
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
        }

        void reply(String text) throws IOException {
            raw((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        }

        void raw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** The next line without its CRLF, or null at end of stream. */
        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                b.write(c);
            }
            if (c == -1 && b.size() == 0) {
                return null;
            }
            String line = b.toString(StandardCharsets.UTF_8);
            line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            received.add(line);
            return line;
        }

        /** Reads DATA up to the final dot; returns the bytes as sent, CRLFs and doubled dots included. */
        byte[] data() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            // The last five bytes, to spot CRLF . CRLF (or a lone . CRLF at the start) without rescanning.
            long tail = 0;
            int c;
            while ((c = in.read()) != -1) {
                b.write(c);
                tail = ((tail << 8) | c) & 0xff_ffff_ffffL;
                if ((tail & 0xff_ffff) == 0x2e0d0a && (b.size() == 3 || (tail >>> 24) == 0x0d0a)) {
                    return b.toByteArray();
                }
            }
            throw new IOException("end of stream in DATA");
        }

        /** Reads until the client closes; tells whether it did within the socket's timeout. */
        boolean awaitClose() throws IOException {
            try {
                while (line() != null) {
                    // recording whatever else comes (QUIT)
                }
                return true;
            } catch (SocketException reset) {
                return true;
            }
        }

        /** Turns the connection into a TLS server connection (after a 220 to STARTTLS). */
        void startTls(SSLContext context) throws IOException {
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            tlsProtocol = tls.getSession().getProtocol();
            use(tls);
        }

        /** Closes with a TCP reset instead of a FIN. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Thread> handlers = new CopyOnWriteArrayList<>();
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final List<Conversation> conversations = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    private ScriptedPeer(ServerSocket server, Script script) {
        this.server = server;
        this.acceptor = new Thread(() -> accept(script), "scripted-peer-" + server.getLocalSocketAddress());
        acceptor.start();
    }

    static ScriptedPeer start(String address, int port, Script script) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        return new ScriptedPeer(s, script);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept(Script script) {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException closed) {
                return;
            }
            connections.incrementAndGet();
            Thread t = new Thread(() -> {
                try (s) {
                    Conversation c = new Conversation(s, received);
                    conversations.add(c);
                    script.play(c);
                } catch (Exception | AssertionError e) {
                    failures.add(e);
                }
            }, "scripted-peer-connection");
            handlers.add(t);
            t.start();
        }
    }

    /** Waits for every connection's script to finish. */
    void awaitScripts() throws InterruptedException {
        for (Thread t : handlers) {
            t.join(30_000);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join(5_000);
        awaitScripts();
    }
}
