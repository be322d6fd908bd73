package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
    private static ServerSocket recording;
    /** Per connection to the recording peer: its commands, each DATA's bytes in their place, as sent. */
    private static final BlockingQueue<List<String>> recorded = new LinkedBlockingQueue<>();
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
                "--host-record=mx.refuse.test,127.0.0.3", "--mx-host=record.test,mx.record.test,10",
                "--host-record=mx.record.test,127.0.0.4").redirectErrorStream(true)
                .redirectOutput(work.resolve("dnsmasq.log").toFile()).start());
        sinkOutput = work.resolve("sink.out");
        processes.add(new ProcessBuilder(tool("/usr/sbin/smtp-sink"), "-u", "nobody", "-c", "127.0.0.2:" + smtpPort, "100")
                .redirectErrorStream(true).redirectOutput(sinkOutput.toFile()).start());
        refusing = new ServerSocket();
        refusing.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), smtpPort));
        Thread peer = new Thread(RemoteDeliveryIT::refuseRecipients, "refusing-peer");
        peer.setDaemon(true);
        peer.start();
        recording = new ServerSocket();
        recording.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.4"), smtpPort));
        Thread recorder = new Thread(RemoteDeliveryIT::recordSessions, "recording-peer");
        recorder.setDaemon(true);
        recorder.start();

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
        if (recording != null) {
            recording.close();
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

    // A peer that accepts everything and records the raw bytes: each command line, and each DATA up to
    // the first CR LF . CR LF, where a receiver taking only CRLF for a line end sees the message end.
    private static void recordSessions() {
        while (!recording.isClosed()) {
            List<String> session = new ArrayList<>();
            try (Socket s = recording.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                s.setSoTimeout(60_000);
                out.write("220 record.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                for (String line; (line = rawLine(in)) != null;) {
                    session.add(line);
                    String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                    out.write((verb.equals("DATA") ? "354 go ahead\r\n" : verb.equals("QUIT") ? "221 bye\r\n" : "250 ok\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    if (verb.equals("DATA")) {
                        session.add(rawData(in));
                        out.write("250 ok\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    if (verb.equals("QUIT")) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // the test is over, or the client went away
            }
            if (!session.isEmpty()) {
                recorded.add(session);
            }
        }
    }

    private static String rawLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1;) {
            line.write(c);
            if (c == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String rawData(InputStream in) throws IOException {
        StringBuilder data = new StringBuilder();
        for (int c; (c = in.read()) != -1;) {
            data.append((char) c);
            if (data.length() == 3 && data.toString().equals(".\r\n") || data.toString().endsWith("\r\n.\r\n")) {
                return data.toString();
            }
        }
        throw new IOException("end of stream in DATA");
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

    @Test
    public void c_outgoingDataEndsOnlyWhereTheMessageEndsForAnyReceiver() throws Exception {
        // QMQP stores a message's bytes as they come; SMTP keeps what qmail-smtpd keeps (a CR . CR among them).
        String smuggled = "MAIL FROM:<s@x.test>\rRCPT TO:<v@y.test>\rDATA\r\rsmuggled\r.\r\n";
        assertEquals(List.of("K"), NetstringClient.qmqp(smtp.commands, "Subject: smuggle by qmqp\n\na\n.\nb\r.\r" + smuggled
                + "c\r\n.\r\nd\n.\u0000\n", "sender@example.com", List.of("qmqp@record.test")).replies().stream()
                .map(r -> r.substring(0, 1)).toList());
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction("sender@example.com", List.of("smtp@record.test"),
                    "Subject: smuggle by smtp\r\n\r\nb\r.\rMAIL FROM:<s@x.test>\r\r\n"));
        }
        String smuggledOut = "MAIL FROM:<s@x.test>\r\nRCPT TO:<v@y.test>\r\nDATA\r\n\r\nsmuggled\r\n..\r\n";
        Map<String, String> bodies = Map.of("qmqp@record.test", "\r\n\r\na\r\n..\r\nb\r\n..\r\n" + smuggledOut
                + "c\r\n..\r\nd\r\n..\u0000\r\n.\r\n", "smtp@record.test", "\r\n\r\nb\r\n..\r\nMAIL FROM:<s@x.test>\r\n.\r\n");
        for (int i = 0; i < bodies.size(); i++) {
            List<String> session = recorded.poll(60, TimeUnit.SECONDS);
            assertTrue("no session at the recording peer within 60 s:\n" + log(), session != null);
            String printable = SmtpClient.printable(String.join("", session));
            assertEquals(printable, 6, session.size());
            assertTrue(printable, session.get(1).startsWith("MAIL FROM:<sender@example.com>"));
            String data = session.get(4);
            String rcpt = session.get(2).substring("RCPT TO:<".length(), session.get(2).indexOf('>'));
            assertTrue(printable, data.endsWith(bodies.get(rcpt)));
            // Whichever of CR, LF or CR LF a receiver takes for a line end, no line is a lone dot before the last.
            assertTrue(printable, data.replaceAll("\r\n", "").indexOf('\r') < 0 && data.replaceAll("\r\n", "").indexOf('\n') < 0);
            List<String> lines = List.of(data.split("\r\n|\r|\n", -1));
            assertEquals(printable, List.of(".", ""), lines.subList(lines.indexOf("."), lines.size()));
            assertEquals(printable, "QUIT\r\n", session.get(5));
        }
    }
}
