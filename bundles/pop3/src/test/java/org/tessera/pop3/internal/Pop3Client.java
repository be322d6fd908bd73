package org.tessera.pop3.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** A raw POP3 client for the session tests: sends bytes, reads replies line by line, in clear or in TLS. */
class Pop3Client implements AutoCloseable {

    Socket socket;
    InputStream in;
    OutputStream out;

    Pop3Client(int port) throws IOException {
        use(new Socket("127.0.0.1", port));
    }

    /** POP3S: the TLS handshake before anything else. */
    Pop3Client(int port, SSLSocketFactory tls) throws IOException {
        SSLSocket secured = (SSLSocket) tls.createSocket("127.0.0.1", port);
        secured.setSoTimeout(10_000);
        secured.startHandshake();
        use(secured);
    }

    private void use(Socket connection) throws IOException {
        socket = connection;
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** After STLS's go-ahead: the handshake on this connection; what follows is read and written in TLS. */
    void startTls(SSLSocketFactory tls) throws IOException {
        SSLSocket secured = (SSLSocket) tls.createSocket(socket, "127.0.0.1", socket.getPort(), true);
        secured.startHandshake();
        use(secured);
    }

    String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0;) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    String send(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return line();
    }

    /** The lines up to and including the one that is just ".". */
    String multiline() throws IOException {
        StringBuilder all = new StringBuilder();
        String line;
        do {
            line = line();
            all.append(line);
        } while (!line.equals(".\r\n") && !line.isEmpty());
        return all.toString();
    }

    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
