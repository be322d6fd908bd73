package org.tessera.tools.sendmail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.tessera.common.listener.SendmailBsLine;

/**
 * {@code sendmail -bs}: qmail's sendmail runs qmail-smtpd on its standard input and output; here the
 * running server's SMTP dialogue does, on its loopback listener for local injection. The caller's
 * qmail-smtpd environment goes first, in one line: unless {@code PROTO} is set already, qmail's
 * ({@code RELAYCLIENT=}, {@code DATABYTES=0}, {@code PROTO=TCP}, 127.0.0.1 and localhost at both
 * ends, {@code TCPREMOTEINFO=sendmail-bs}); else the caller's own {@code PROTO}, {@code TCP*},
 * {@code RELAYCLIENT} and {@code DATABYTES} (sendmail -bs run by tcpserver or inetd). Then bytes flow
 * both ways until the server ends the session.
 */
final class LocalSmtp {

    /** The listener's port when {@code TESSERA_SENDMAIL_PORT} is not set (the README's listener table). */
    static final int DEFAULT_PORT = 2025;
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private LocalSmtp() {
    }

    /** Runs the session on {@code in} and {@code out}; 0 when the server ended it, 111 when there was none. */
    static int run(Map<String, String> environment, InputStream in, OutputStream out, PrintStream err) {
        int port = port(environment.get("TESSERA_SENDMAIL_PORT"));
        if (port <= 0) {
            err.println("sendmail: fatal: unable to run qmail-smtpd: TESSERA_SENDMAIL_PORT="
                    + environment.get("TESSERA_SENDMAIL_PORT") + " is not a port");
            return 111;
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            err.println("sendmail: fatal: unable to run qmail-smtpd: nothing listens for sendmail -bs on 127.0.0.1:"
                    + port + "; is the server running? (" + e.getMessage() + ")");
            return 111;
        }
        try (socket) {
            OutputStream toServer = socket.getOutputStream();
            toServer.write(preamble(environment).getBytes(StandardCharsets.US_ASCII));
            toServer.flush();
            Thread clientSide = new Thread(new Pump(in, socket), "sendmail-bs-stdin");
            clientSide.setDaemon(true);
            clientSide.start();
            InputStream fromServer = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = fromServer.read(buffer)) >= 0;) {
                out.write(buffer, 0, n);
                out.flush();
            }
            return 0;
        } catch (IOException e) {
            err.println("sendmail: fatal: connection to the SMTP listener failed: " + e.getMessage());
            return 111;
        }
    }

    /** The first line ({@link SendmailBsLine}): qmail's variables for a local client, or the caller's own. */
    static String preamble(Map<String, String> environment) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment.containsKey("PROTO")) {
            for (String name : SendmailBsLine.VARIABLES) {
                String value = environment.get(name);
                if (value != null) {
                    variables.put(name, value);
                }
            }
        } else {
            variables.put("RELAYCLIENT", "");
            variables.put("DATABYTES", "0");
            variables.put("PROTO", "TCP");
            variables.put("TCPLOCALIP", "127.0.0.1");
            variables.put("TCPLOCALHOST", "localhost");
            variables.put("TCPREMOTEIP", "127.0.0.1");
            variables.put("TCPREMOTEHOST", "localhost");
            variables.put("TCPREMOTEINFO", "sendmail-bs");
        }
        return SendmailBsLine.write(variables);
    }

    private static int port(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.strip());
            return port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Standard input to the server; at its end the server sees the end of the client's input, as qmail-smtpd would. */
    private static final class Pump implements Runnable {

        private final InputStream in;
        private final Socket socket;

        Pump(InputStream in, Socket socket) {
            this.in = in;
            this.socket = socket;
        }

        @Override
        public void run() {
            try {
                OutputStream toServer = socket.getOutputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) >= 0;) {
                    toServer.write(buffer, 0, n);
                    toServer.flush();
                }
                socket.shutdownOutput();
            } catch (IOException e) {
                // the server ended the session, or standard input failed: the other side ends the run
            }
        }
    }
}
