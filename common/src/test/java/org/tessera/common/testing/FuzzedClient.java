package org.tessera.common.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The client side of a fuzz target that talks to a real listener over loopback: the fuzzed input in
 * pieces, then everything the server answered until it closed.
 */
public final class FuzzedClient {

    /** How long a session may go on after the client's end of input before it counts as hung. */
    public static final int HUNG_MILLIS = 20_000;

    private FuzzedClient() {
    }

    /**
     * Sends {@code input} in pieces of {@code piece} bytes, then the end of input.
     *
     * @return false when the server ended the session before the client's input did (a bare LF in DATA,
     *         a line too long, QUIT followed by more): its closing connection then refuses the rest, or resets
     */
    public static boolean sendAll(Socket socket, byte[] input, int piece) throws IOException {
        try {
            for (int from = 0; from < input.length; from += piece) {
                socket.getOutputStream().write(input, from, Math.min(piece, input.length - from));
            }
            socket.shutdownOutput();
            return true;
        } catch (SocketException closedByServer) {
            return false;
        }
    }

    /**
     * Everything the server sent until it closed; fails the target when that takes longer than the
     * socket's timeout ({@link #HUNG_MILLIS}).
     *
     * @return null when the connection was reset: the server closed with input of the client still
     *         unread, so what reached the client before may be cut short
     */
    public static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException hung) {
            fail("the session did not end within " + HUNG_MILLIS + " ms of the client's end of input: "
                    + all.toString(StandardCharsets.ISO_8859_1));
        } catch (SocketException reset) {
            return null;
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
