package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.maillog.MailLogLine;
import org.tessera.control.internal.ControlFilesForTests;
import org.tessera.listener.ListenerServices;

/** The limits per client address, over real sockets: 421 past them, and a mail-log line each time. */
class SmtpAddressLimitsTest {

    @TempDir
    Path home;

    private final SmtpListener listener = new SmtpListener();
    private final List<MailLogLine> mailLog = new CopyOnWriteArrayList<>();
    private int port;

    private void start(Map<String, Object> limits) throws Exception {
        Files.createDirectories(home.resolve("control"));
        Files.writeString(home.resolve("control/me"), "mx.test\n");
        listener.control = ControlFilesForTests.over(home);
        listener.services = new ListenerServices();
        listener.services.bindMailLog(mailLog::add);
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Map<String, Object> configuration = new java.util.HashMap<>(limits);
        configuration.putAll(Map.of("name", "smtp", "port", port));
        listener.activate(Converters.standardConverter().convert(configuration).to(SmtpListenerConfiguration.class), null);
    }

    @AfterEach
    void stop() throws InterruptedException {
        listener.deactivate();
    }

    @Test
    void connectionsHeldAtOncePerAddress() throws Exception {
        start(Map.of("maxConnectionsPerAddress", 3));
        List<Client> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(Client.greeted(port));
            }
            try (Client fourth = new Client(port)) {
                assertEquals("421 too many connections from your address; try again later (#4.3.2)\r\n", fourth.reply());
                assertTrue(fourth.isClosedByServer());
            }
            held.remove(0).close();
            Thread.sleep(200);
            try (Client again = new Client(port)) {
                assertEquals("220 mx.test ESMTP\r\n", again.reply());
            }
        } finally {
            for (Client client : held) {
                client.close();
            }
        }
        assertTrue(mailLog.stream().anyMatch(line -> line.text().matches(
                "tcpserver: busy: refuse \\d+ from 127\\.0\\.0\\.1: 3 connections open, the limit is 3")), mailLog.toString());
    }

    @Test
    void connectionsOpenedPerMinuteAndAddress() throws Exception {
        start(Map.of("maxConnectionRatePerAddress", 2));
        for (int i = 0; i < 2; i++) {
            try (Client c = Client.greeted(port)) {
                assertEquals("221 mx.test\r\n", c.command("QUIT"));
            }
        }
        try (Client third = new Client(port)) {
            assertEquals("421 too many connections from your address; try again later (#4.3.2)\r\n", third.reply());
        }
        assertTrue(mailLog.stream().anyMatch(line -> line.text().endsWith(": 2 connections this minute, the limit is 2")));
    }
}
