package org.tessera.tools.sendmail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** sendmail -bs's side: the caller's qmail-smtpd environment in the first line, then bytes both ways. */
class LocalSmtpTest {

    @Test
    void withoutProtoSendsQmailsEnvironmentForALocalClient() {
        assertEquals("TESSERA-SENDMAIL-BS RELAYCLIENT= DATABYTES=0 PROTO=TCP TCPLOCALIP=127.0.0.1 TCPLOCALHOST=localhost"
                + " TCPREMOTEIP=127.0.0.1 TCPREMOTEHOST=localhost TCPREMOTEINFO=sendmail-bs\r\n",
                LocalSmtp.preamble(Map.of("HOME", "/root", "RELAYCLIENT", "ignored")));
    }

    @Test
    void withProtoPassesOnTheCallersOwnVariablesOnlyEncoded() {
        String line = LocalSmtp.preamble(Map.of("PROTO", "TCP", "TCPREMOTEIP", "192.0.2.7", "TCPREMOTEINFO",
                "j\u00f6e %x y", "PATH", "/bin"));
        assertTrue(line.startsWith("TESSERA-SENDMAIL-BS "), line);
        assertTrue(line.endsWith("\r\n"), line);
        assertTrue(line.contains(" PROTO=TCP"), line);
        assertTrue(line.contains(" TCPREMOTEIP=192.0.2.7"), line);
        assertTrue(line.contains(" TCPREMOTEINFO=j%c3%b6e%20%25x%20y"), line);
        assertEquals(4, line.split(" ").length, "no RELAYCLIENT, no PATH: " + line);
    }

    @Test
    void relaysBothWaysUntilTheServerEndsTheSession() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> heard = CompletableFuture.supplyAsync(() -> serve(listener));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = LocalSmtp.run(Map.of("TESSERA_SENDMAIL_PORT", Integer.toString(listener.getLocalPort())),
                    new ByteArrayInputStream("HELO x\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII)), out,
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
            assertEquals("220 test ESMTP\r\n221 bye\r\n", out.toString(StandardCharsets.US_ASCII));
            String heardText = heard.get(30, TimeUnit.SECONDS);
            assertTrue(heardText.startsWith("TESSERA-SENDMAIL-BS RELAYCLIENT= "), heardText);
            assertTrue(heardText.endsWith("\r\nHELO x\r\nQUIT\r\n"), heardText);
        }
    }

    @Test
    void withoutAListenerSaysSoAndExits111() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LocalSmtp.run(Map.of("TESSERA_SENDMAIL_PORT", Integer.toString(port)), InputStream.nullInputStream(),
                OutputStream.nullOutputStream(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(111, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("sendmail: fatal: unable to run qmail-smtpd: nothing"
                + " listens for sendmail -bs on 127.0.0.1:" + port + "; is the server running?"), err.toString());
    }

    /** A listener that greets, reads until the client has sent QUIT and the end of its input, then answers and closes. */
    private static String serve(ServerSocket listener) {
        try (Socket client = listener.accept()) {
            client.getOutputStream().write("220 test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            String heard = new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            client.getOutputStream().write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
            return heard;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
