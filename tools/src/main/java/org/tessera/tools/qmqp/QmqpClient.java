package org.tessera.tools.qmqp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * qmail-qmqpc(8): sends one message with its envelope as a QMQP package to the first
 * server that takes the connection (connect timeout 10 s, reads 60 s) and reads its answer. Only
 * connect failures move on to the next server; once connected, a failure ends the attempt.
 */
final class QmqpClient {

    /** The message: its length is needed before its first byte, a netstring's length comes first. */
    interface Content {
        long length();

        /** Writes exactly {@link #length()} bytes; a failure to read them is a {@link ContentException}. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** The message could not be read (qmail-qmqpc's exit 54), as opposed to the network failing. */
    static final class ContentException extends IOException {
        private static final long serialVersionUID = 1L;

        ContentException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * What came of it: qmail-qmqpc's exit code, and for 0, 31 and 71 the server's answer.
     *
     * @param exitCode 0 queued, 31 refused, 71 deferred, 54 message unreadable, 55 no server,
     *        72 every connect timed out (the last did), 73 every connect failed, 74 failure after connecting
     * @param answer the server's text from its K, Z or D letter on; empty otherwise
     */
    record Result(int exitCode, String answer) {
    }

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 60_000;
    private static final int LONGEST_ANSWER = 1100;

    private QmqpClient() {
    }

    /**
     * Sends one package.
     *
     * @param sender the envelope sender as a byte string (a char per byte, ISO-8859-1), as qmail passes addresses on
     * @param recipients the envelope recipients, byte strings too
     */
    static Result send(List<InetSocketAddress> servers, Content message, String sender, List<String> recipients) {
        if (servers.isEmpty()) {
            return new Result(55, "");
        }
        boolean lastTimedOut = false;
        for (InetSocketAddress server : servers) {
            Socket socket = new Socket();
            try {
                socket.connect(server, CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                lastTimedOut = e instanceof SocketTimeoutException;
                close(socket);
                continue;
            }
            try (socket) {
                socket.setSoTimeout(READ_TIMEOUT_MS);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
                writePackage(out, message, sender, recipients);
                out.flush();
                return answer(socket.getInputStream());
            } catch (ContentException e) {
                return new Result(54, "");
            } catch (IOException e) {
                return new Result(74, "");
            }
        }
        return new Result(lastTimedOut ? 72 : 73, "");
    }

    private static void writePackage(OutputStream out, Content message, String sender, List<String> recipients)
            throws IOException {
        byte[] from = sender.getBytes(StandardCharsets.ISO_8859_1);
        long inner = netstringLength(message.length()) + netstringLength(from.length);
        byte[][] to = new byte[recipients.size()][];
        for (int i = 0; i < to.length; i++) {
            to[i] = recipients.get(i).getBytes(StandardCharsets.ISO_8859_1);
            inner += netstringLength(to[i].length);
        }
        out.write((inner + ":" + message.length() + ":").getBytes(StandardCharsets.US_ASCII));
        message.writeTo(out);
        out.write(',');
        netstring(out, from);
        for (byte[] r : to) {
            netstring(out, r);
        }
        out.write(',');
    }

    private static long netstringLength(long length) {
        return Long.toString(length).length() + 1 + length + 1;
    }

    private static void netstring(OutputStream out, byte[] bytes) throws IOException {
        out.write((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write(',');
    }

    // As qmail-qmqpc: the first K, Z or D of the answer decides; the text is the netstring's (commas and all).
    private static Result answer(InputStream in) throws IOException {
        long length = 0;
        int digits = 0;
        for (int b; (b = in.read()) != ':';) {
            if (b < '0' || b > '9' || ++digits > 4) {
                throw new IOException("no answer");
            }
            length = 10 * length + (b - '0');
        }
        byte[] content = in.readNBytes((int) Math.min(length, LONGEST_ANSWER));
        String text = null;
        for (int i = 0; i < content.length && text == null; i++) {
            if (content[i] == 'K' || content[i] == 'Z' || content[i] == 'D') {
                text = new String(content, i, content.length - i, StandardCharsets.UTF_8);
            }
        }
        if (text == null) {
            throw new IOException("no answer");
        }
        int code = switch (text.charAt(0)) {
            case 'K' -> 0;
            case 'Z' -> 71;
            default -> 31;
        };
        return new Result(code, text.toString());
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // never connected
        }
    }
}
