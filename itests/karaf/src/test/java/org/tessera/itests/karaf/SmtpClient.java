package org.tessera.itests.karaf;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A raw SMTP client over a plain socket to 127.0.0.1: it writes exactly the bytes it is given and
 * hands back each reply exactly as the server sent it (every line with its CR LF), so a test can
 * compare replies byte for byte. Bytes are ISO-8859-1, one char per byte.
 */
final class SmtpClient implements AutoCloseable {

    private static final int READ_TIMEOUT_MS = 30_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    SmtpClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects and reads the greeting; fails unless it is a 220. */
    static SmtpClient greeted(int port) throws IOException {
        SmtpClient client = new SmtpClient(port);
        String greeting = client.reply();
        if (!greeting.startsWith("220 ")) {
            client.close();
            throw new AssertionError("greeting: " + greeting);
        }
        return client;
    }

    Socket socket() {
        return socket;
    }

    /** Writes the bytes as they are (ISO-8859-1), in one write. */
    void send(String bytes) throws IOException {
        send(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends {@code line} CR LF and returns the reply. */
    String command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    /**
     * One whole reply, every line with its line end: lines up to one whose fourth byte is not
     * {@code '-'}. Fails if the connection ends before the reply does.
     */
    String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                throw new AssertionError("connection closed; reply so far: " + printable(reply.toString()));
            }
            reply.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
        }
    }

    /** One line up to and including LF, or what came before the end of the stream; null at once-reached EOF. */
    String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closed the connection (EOF) with nothing more to read, within the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                throw new AssertionError("expected EOF, read 0x" + Integer.toHexString(b));
            }
            return true;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** True if nothing arrives for {@code millis} ms (the server sent nothing and did not close). */
    boolean silentFor(int millis) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            int b = in.read();
            throw new AssertionError(b < 0 ? "the server closed the connection"
                    : "the server sent 0x" + Integer.toHexString(b) + " "
                            + printable(String.valueOf((char) b) + line()));
        } catch (SocketTimeoutException expected) {
            return true;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /**
     * MAIL, one RCPT each, DATA and the message (CR LF line ends, dot-stuffing and the final dot
     * are the caller's: {@code message} is sent as it is, then {@code .} CR LF); every reply
     * before the final one must be 250 or 354.
     *
     * @return the reply after the final dot
     */
    String transaction(String from, java.util.List<String> to, String message) throws IOException {
        expect("250 ok\r\n", command("MAIL FROM:<" + from + ">"));
        for (String rcpt : to) {
            expect("250 ok\r\n", command("RCPT TO:<" + rcpt + ">"));
        }
        expect("354 go ahead\r\n", command("DATA"));
        send(message + ".\r\n");
        return reply();
    }

    private static void expect(String wanted, String reply) {
        if (!wanted.equals(reply)) {
            throw new AssertionError("expected " + printable(wanted) + " but got " + printable(reply));
        }
    }

    /** Closes with a TCP reset instead of a FIN: the client vanishes. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static String printable(String bytes) {
        return bytes.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
    }
}
