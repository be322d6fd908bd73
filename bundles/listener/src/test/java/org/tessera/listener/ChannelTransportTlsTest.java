package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * STARTTLS and STLS on the transport ({@link ChannelTransport#startTls}): what the client sent in clear
 * after the command reaches the session before {@code secured}, and what it sends in TLS after it, also
 * when its first command travels in the same packet as its last handshake message (a TLS 1.3 client that
 * does not wait), whether the sessions run on handler threads of their own or on the I/O thread.
 */
class ChannelTransportTlsTest {

    @TempDir
    Path dir;
    private SslContext serverContext;
    private SSLContext clientContext;
    private TcpServer server;

    /**
     * Answers each line in clear with {@code clear: LINE}; STARTTLS with {@code go ahead}, then drops
     * every line until the handshake is done, and answers each line after it with {@code tls: LINE}.
     */
    private final class Upgrading implements TcpServer.Session {
        private final TcpServer.Connection connection;
        private boolean awaitingHandshake;
        private boolean secured;

        Upgrading(TcpServer.Connection connection) {
            this.connection = connection;
        }

        @Override
        public void start() {
            connection.transport().setReadable(true);
        }

        @Override
        public void received(byte[] bytes) {
            for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\r\n")) {
                if (awaitingHandshake) {
                    continue;
                }
                if (secured) {
                    write("tls: " + line);
                } else if (line.equals("STARTTLS")) {
                    awaitingHandshake = true;
                    connection.transport().startTls(serverContext, "go ahead\r\n".getBytes(StandardCharsets.US_ASCII), () -> {
                        awaitingHandshake = false;
                        secured = true;
                    });
                } else {
                    write("clear: " + line);
                }
            }
        }

        private void write(String line) {
            connection.transport().writeBytes((line + "\r\n").getBytes(StandardCharsets.US_ASCII), connection.james());
        }

        @Override
        public void disconnected() {
        }
    }

    @BeforeEach
    void certificate() throws Exception {
        CertificateFiles files = CertificateFiles.createSelfSigned("tls.test", dir.resolve("tls.crt"), dir.resolve("tls.key"),
                Instant.now());
        serverContext = SslContextBuilder.forServer(files.key(), files.chain()).sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3").build();
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("tls.test", files.chain().get(0));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        clientContext = SSLContext.getInstance("TLSv1.3");
        clientContext.init(null, trust.getTrustManagers(), null);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @ParameterizedTest(name = "handler threads {0}")
    @ValueSource(ints = {0, 1})
    void theFirstCommandInTlsIsReadInTlsEvenInThePacketThatEndsTheHandshake(int handlerThreads) throws Exception {
        server = TcpServer.builder("TEST", "test", Upgrading::new).port(0).handlerThreads(handlerThreads).ioThreads(1)
                .framer(new LineChunkFramer(4096)).build();
        server.start();
        int port = server.boundAddresses().get(0).getPort();
        for (int connection = 0; connection < 3; connection++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("HELLO\r\nSTARTTLS\r\nsneaky\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("clear: HELLO", clearLine(socket));
                assertEquals("go ahead", clearLine(socket));
                assertEquals("tls: first", new TlsClient(socket).handshakeWith("first\r\n"),
                        "what was sent in clear after STARTTLS is dropped; the first line in TLS is answered");
            }
        }
    }

    private static String clearLine(Socket socket) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = socket.getInputStream().read()) != '\n';) {
            if (b < 0) {
                throw new EOFException("connection closed after " + line);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

    /**
     * A TLS client driven by hand (SSLEngine over the socket), so that its last handshake flight and
     * its first line leave in one write, and so arrive together.
     */
    private final class TlsClient {
        private final Socket socket;
        private final SSLEngine engine = clientContext.createSSLEngine("tls.test", 0);
        private final ByteBuffer fromServer;
        private final ByteBuffer plain;
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();

        TlsClient(Socket socket) {
            this.socket = socket;
            engine.setUseClientMode(true);
            fromServer = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            plain = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }

        /** The handshake, then {@code line} with the handshake's last bytes; the first line of the reply. */
        String handshakeWith(String line) throws Exception {
            engine.beginHandshake();
            for (int step = 0; step < 200; step++) {
                HandshakeStatus status = engine.getHandshakeStatus();
                if (status == HandshakeStatus.NEED_TASK) {
                    runTasks();
                } else if (status == HandshakeStatus.NEED_WRAP) {
                    wrap(ByteBuffer.allocate(0));
                } else if (status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                    send();
                    unwrap();
                } else {
                    break;
                }
            }
            wrap(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
            send();
            StringBuilder reply = new StringBuilder();
            for (int step = 0; step < 200 && reply.indexOf("\n") < 0; step++) {
                unwrap();
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                plain.flip();
                reply.append(StandardCharsets.US_ASCII.decode(plain));
                plain.clear();
            }
            return reply.toString().strip();
        }

        private void runTasks() {
            for (Runnable task; (task = engine.getDelegatedTask()) != null;) {
                task.run();
            }
        }

        private void wrap(ByteBuffer source) throws IOException {
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(source, out);
            held.write(out.array(), 0, out.position());
        }

        private void send() throws IOException {
            if (held.size() > 0) {
                socket.getOutputStream().write(held.toByteArray());
                held.reset();
            }
        }

        // Unwraps one record of what came; reads more from the socket when a whole record is not there yet.
        private void unwrap() throws IOException {
            fromServer.flip();
            SSLEngineResult result = engine.unwrap(fromServer, plain);
            fromServer.compact();
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                int read = socket.getInputStream().read(fromServer.array(), fromServer.position(), fromServer.remaining());
                if (read < 0) {
                    throw new EOFException("the server closed the connection");
                }
                fromServer.position(fromServer.position() + read);
            }
        }
    }
}
