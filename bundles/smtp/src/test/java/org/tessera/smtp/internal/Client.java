package org.tessera.smtp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A client that reads whole replies, multi-line ones included, for the tests of the SMTP listener. */
final class Client implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Client(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
        socket.setSoTimeout(30_000);
    }

    private Client(Socket connected) throws IOException {
        socket = connected;
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A client on a socket the test connected itself. */
    static Client over(Socket connected) throws IOException {
        return new Client(connected);
    }

    static Client greeted(int port) throws IOException {
        Client client = new Client(port);
        client.reply();
        return client;
    }

    /** A client that expects no greeting (implicit TLS before the handshake). */
    static Client greetedOrNot(int port) throws IOException {
        return new Client(port);
    }

    String command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = line();
            reply.append(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
        return reply.toString();
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Wraps the connection in TLS (after the server's go-ahead, or at once for implicit TLS) and shakes hands. */
    SSLSocket tls(SSLContext context) throws IOException {
        SSLSocket secured = (SSLSocket) context.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        secured.setSoTimeout(30_000);
        secured.startHandshake();
        socket = secured;
        in = secured.getInputStream();
        out = secured.getOutputStream();
        return secured;
    }

    /** Whether the server has closed the connection: the next read finds the end of the stream. */
    boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
