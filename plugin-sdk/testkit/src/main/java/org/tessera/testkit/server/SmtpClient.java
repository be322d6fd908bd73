package org.tessera.testkit.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An SMTP client on one connection, for tests that look at each reply: what a plugin refused at HELO, MAIL
 * or RCPT is a reply like any other. Written on a socket rather than a mail library's client, which hides
 * replies behind exceptions and retries.
 */
public final class SmtpClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final String greeting;

    private SmtpClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(60_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        out = socket.getOutputStream();
        greeting = reply();
    }

    /** Connects to the SMTP listener on 127.0.0.1 at {@code port} and reads its greeting. */
    public static SmtpClient connect(int port) {
        try {
            return new SmtpClient(port);
        } catch (IOException e) {
            throw new UncheckedIOException("SMTP on 127.0.0.1:" + port, e);
        }
    }

    /** The server's greeting, e.g. {@code 220 mx.example ESMTP}. */
    public String greeting() {
        return greeting;
    }

    /**
     * Sends one command line and returns the whole reply, every line of it, CRLF removed and lines joined
     * with LF (e.g. {@code 250 ok} or {@code 553 sorry, that domain isn't in my list of allowed rcpthosts}).
     */
    public String command(String line) {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return reply();
        } catch (IOException e) {
            throw new UncheckedIOException("SMTP " + line, e);
        }
    }

    /**
     * {@code DATA}, then the message ({@code \n} line ends become CRLF, leading dots are doubled) and the
     * final dot; returns the reply to the final dot, or the refusal of {@code DATA} itself.
     */
    public String data(String message) {
        String start = command("DATA");
        if (!start.startsWith("354")) {
            return start;
        }
        StringBuilder wire = new StringBuilder();
        for (String line : message.replace("\r\n", "\n").split("\n", -1)) {
            wire.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        if (message.endsWith("\n")) {
            wire.setLength(wire.length() - 2);
        }
        try {
            out.write(wire.append(".\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply();
        } catch (IOException e) {
            throw new UncheckedIOException("SMTP DATA", e);
        }
    }

    /**
     * One whole transaction: {@code HELO}, {@code MAIL}, every {@code RCPT}, {@code DATA}. Returns the reply
     * that ended it: the reply to the final dot, or the first refusal ({@code 4xx}/{@code 5xx}) of a command
     * (a refused recipient ends the transaction here, so a test sees it).
     */
    public String send(String from, List<String> recipients, String message) {
        List<String> commands = new ArrayList<>();
        commands.add("HELO client.test");
        commands.add("MAIL FROM:<" + from + ">");
        recipients.forEach(recipient -> commands.add("RCPT TO:<" + recipient + ">"));
        for (String line : commands) {
            String reply = command(line);
            if (!reply.startsWith("2")) {
                return reply;
            }
        }
        return data(message);
    }

    private String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after " + reply);
            }
            reply.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
            reply.append('\n');
        }
    }

    /** {@code QUIT}, when the connection is still open, and closes it. */
    @Override
    public void close() {
        try (socket) {
            if (!socket.isClosed()) {
                out.write("QUIT\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException ignored) {
            // closing anyway: a server that already hung up has nothing more to say
        }
    }
}
