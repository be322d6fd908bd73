package org.tessera.itests.karaf;

import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Remote delivery in the distribution (issue 6): mail relayed by a RELAYCLIENT follows the MX
 * records of a real DNS server (dnsmasq, named in the remote bundle's {@code dns} setting) to
 * Postfix's smtp-sink, which takes it; a peer that refuses the recipient with 550 makes a bounce,
 * with qmail-remote's texts in the mail log.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class RemoteDeliveryIT {

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("remote-delivery-home", Map.of(), true);

    private static final List<Process> processes = new ArrayList<>();
    private static ServerSocket refusing;
    private static Path sinkOutput;

    @BeforeClass
    public static void dnsAndPeers() throws Exception {
        int dnsPort = TestHome.freePort();
        int smtpPort = TestHome.freePort();
        Path work = Files.createDirectories(smtp.commands.home.resolve("remote-peers"));
        processes.add(new ProcessBuilder(tool("/usr/sbin/dnsmasq"), "--no-daemon", "--conf-file=/dev/null",
                "--no-resolv", "--no-hosts", "--port=" + dnsPort, "--listen-address=127.0.0.1", "--bind-interfaces",
                "--pid-file=", "--user=root", "--local=/test/", "--mx-host=remote.test,mx.remote.test,10",
                "--host-record=mx.remote.test,127.0.0.2", "--mx-host=refuse.test,mx.refuse.test,10",
                "--host-record=mx.refuse.test,127.0.0.3").redirectErrorStream(true)
                .redirectOutput(work.resolve("dnsmasq.log").toFile()).start());
        sinkOutput = work.resolve("sink.out");
        processes.add(new ProcessBuilder(tool("/usr/sbin/smtp-sink"), "-u", "nobody", "-c", "127.0.0.2:" + smtpPort, "100")
                .redirectErrorStream(true).redirectOutput(sinkOutput.toFile()).start());
        refusing = new ServerSocket();
        refusing.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), smtpPort));
        Thread peer = new Thread(RemoteDeliveryIT::refuseRecipients, "refusing-peer");
        peer.setDaemon(true);
        peer.start();

        Files.writeString(smtp.control.resolve("tcp.smtp"), "127.0.0.1:allow,RELAYCLIENT=\"\"\n");
        smtp.ctl("cdb");
        // 127.0.0.1 is this host; 127.0.0.2 and .3 are the peers. MX hosts listen on the test's port.
        Files.writeString(smtp.commands.home.resolve("etc/org.tessera.remote.cfg"),
                "dns = 127.0.0.1:" + dnsPort + "\nport = " + smtpPort + "\nownAddresses = 127.0.0.1\n");
        Thread.sleep(2000);
    }

    private static String tool(String path) {
        assumeTool(path);
        return path;
    }

    private static void assumeTool(String path) {
        boolean present = Files.isExecutable(Path.of(path));
        if (!present && Boolean.getBoolean("tessera.requireTools")) {
            throw new AssertionError(path + " is missing (apt-get install dnsmasq postfix) and tessera.requireTools=true");
        }
        org.junit.Assume.assumeTrue(path + " is missing", present);
    }

    @AfterClass
    public static void stopPeers() throws IOException {
        processes.forEach(Process::destroy);
        if (refusing != null) {
            refusing.close();
        }
    }

    // A peer that takes the connection and refuses every recipient, as a server without that mailbox does.
    private static void refuseRecipients() {
        while (!refusing.isClosed()) {
            try (Socket s = refusing.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                 OutputStream out = s.getOutputStream()) {
                out.write("220 refusing.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                for (String line; (line = in.readLine()) != null;) {
                    String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                    String reply = switch (verb) {
                        case "RCPT" -> "550 no such user here";
                        case "QUIT" -> "221 bye";
                        default -> "250 ok";
                    };
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    if (verb.equals("QUIT")) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // the test is over, or the client went away
            }
        }
    }

    private static String log() throws IOException {
        return Files.readString(smtp.commands.home.resolve("log/current"));
    }

    private static void awaitLog(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!log().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in the mail log within 60 s:\n" + log());
            }
            Thread.sleep(200);
        }
    }

    @Test
    public void a_relayedMailFollowsTheMxToTheSink() throws Exception {
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction("sender@example.com", List.of("someone@remote.test"),
                    "Subject: to the sink\r\n\r\nhello\r\n"));
        }
        awaitLog("to remote someone@remote.test");
        awaitLog("success: 127.0.0.2_accepted_message./Remote_host_said:_250");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(sinkOutput).contains("mesg=1") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.readString(sinkOutput), Files.readString(sinkOutput).contains("mesg=1"));
    }

    @Test
    public void b_aRefusedRecipientBounces() throws Exception {
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction("sender@example.com", List.of("nobody@refuse.test"),
                    "Subject: refused\r\n\r\nhello\r\n"));
        }
        awaitLog("failure: 127.0.0.3_does_not_like_recipient./Remote_host_said:_550_no_such_user_here/"
                + "Giving_up_on_127.0.0.3./");
        awaitLog("bounce msg ");
    }
}
