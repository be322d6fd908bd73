package org.tessera.tools.qmqp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** forward's usage, variables, package and exit codes; condredirect's usage; the failure texts. */
class ForwardToolTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int forward(Map<String, String> env, String... args) throws Exception {
        Path message = Files.writeString(home.resolve("message"), "Subject: f\n\nbody\n");
        try (FileInputStream in = new FileInputStream(message.toFile());
                PrintStream out = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            return ForwardTool.run(args, env, in, out);
        }
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageAndMissingVariablesArePermanent() throws Exception {
        assertEquals(100, forward(Map.of()));
        assertEquals("forward: usage: forward address [...]\n", err());
        err.reset();
        assertEquals(100, forward(Map.of("DTLINE", "Delivered-To: a@b\n"), "x@y"));
        assertEquals("forward: fatal: NEWSENDER not set\n", err());
        err.reset();
        assertEquals(100, forward(Map.of("NEWSENDER", "a@b"), "x@y"));
        assertEquals("forward: fatal: DTLINE not set\n", err());
        err.reset();
        assertEquals(100, CondredirectTool.run(new String[] {"x@y"}, Map.of(), null,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("condredirect: usage: condredirect newaddress program [ arg ... ]\n", err());
    }

    @Test
    void dtlineAndTheMessageGoToTheServerWithNewsender() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = QmqpClientTest.server(socket, "11:Kok 1 qp 99,");
            int exit = forward(Map.of("TESSERA_HOME", home.toString(), "TESSERA_QMQP_PORT",
                    Integer.toString(socket.getLocalPort()), "NEWSENDER", "o@b", "DTLINE", "Delivered-To: l@b\n"),
                    "x@y", "z@w");
            assertEquals(0, exit, err());
            assertEquals("forward: qp 99\n", err());
            assertEquals("57:35:Delivered-To: l@b\nSubject: f\n\nbody\n,3:o@b,3:x@y,3:z@w,,", received.get());
        }
    }

    @Test
    void noServerIsTemporaryAndSaysSo() throws Exception {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }
        int exit = forward(Map.of("TESSERA_HOME", home.toString(), "TESSERA_QMQP_PORT", Integer.toString(port),
                "NEWSENDER", "o@b", "DTLINE", "Delivered-To: l@b\n"), "x@y");
        assertEquals(111, exit);
        assertEquals("forward: fatal: connection to mail server rejected (#4.4.1); is the server running? (QMQP 127.0.0.1:"
                + port + ")\n", err());
    }

    @Test
    void aPermanentRefusalExits100AndAMissingHome111() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            QmqpClientTest.server(socket, "51:Dsorry, I can't accept addresses like that (#5.1.3),");
            assertEquals(100, forward(Map.of("TESSERA_HOME", home.toString(), "TESSERA_QMQP_PORT",
                    Integer.toString(socket.getLocalPort()), "NEWSENDER", "o@b", "DTLINE", "D\n"), "x@y"));
            assertEquals("forward: fatal: mail server permanently rejected message (#5.3.0)\n", err());
        }
        err.reset();
        assertEquals(111, forward(Map.of("TESSERA_HOME", home.resolve("none").toString(), "NEWSENDER", "o@b",
                "DTLINE", "D\n"), "x@y"));
        assertEquals("forward: fatal: qq trouble in home directory (#4.3.0)\n", err());
    }

    @Test
    void exitCodesGetQmailsTexts() {
        assertEquals("Zconnection to mail server timed out (#4.4.1)", Injection.failure(72));
        assertEquals("Zcommunication with mail server failed (#4.4.2)", Injection.failure(74));
        assertEquals("Dqq permanent problem (#5.3.0)", Injection.failure(12));
        assertEquals("Zqq temporary problem (#4.3.0)", Injection.failure(76));
    }
}
