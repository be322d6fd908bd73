package org.tessera.tools.qmqp;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tessera.tools.ToolHome;
import org.tessera.tools.inject.Spool;

/**
 * What {@code forward} and {@code condredirect} do with qmail-queue: queue {@code DTLINE} and then
 * the standard input to some recipients, here by QMQP to the running server, and the
 * caller's text for a failure, qmail's {@code qmail_close} text for the exit code (qmail.c's qmail_close).
 */
final class Injection {

    /** The default QMQP port (the README's listener table) when {@code TESSERA_QMQP_PORT} is not set. */
    static final int DEFAULT_PORT = 2628;

    /**
     * The outcome: {@code text} is the qp for a queued message, else the failure text with its
     * D (permanent) or Z (temporary) letter.
     */
    record Outcome(boolean queued, String text) {

        boolean permanent() {
            return !queued && text.startsWith("D");
        }
    }

    private Injection() {
    }

    /** The standard input of this process, which the tools rewind and measure. */
    static FileInputStream stdin() {
        return new FileInputStream(FileDescriptor.in);
    }

    /** Whether the standard input is a regular file (then it can be measured and rewound). */
    static boolean stdinIsFile() {
        return Files.isRegularFile(Path.of("/proc/self/fd/0"));
    }

    /**
     * Queues {@code dtline} followed by the rest of {@code stdin}, with the answer as qmail_close's text.
     *
     * @param environment for {@code TESSERA_HOME} and {@code TESSERA_QMQP_PORT}
     */
    static Outcome inject(Map<String, String> environment, String dtline, FileInputStream stdin, String sender,
            List<String> recipients) {
        List<String> envelopeRecipients = new ArrayList<>(recipients.size());
        for (String recipient : recipients) {
            envelopeRecipients.add(byteString(recipient));
        }
        try {
            Queued queued = queueMessage(environment, dtline.getBytes(StandardCharsets.UTF_8), stdin, stdinIsFile(),
                    byteString(sender), envelopeRecipients);
            return queued.exitCode() == 0 ? new Outcome(true, queueId(queued.answer()))
                    : new Outcome(false, queued.failureText());
        } catch (IOException e) {
            return new Outcome(false, failure(54));
        }
    }

    /**
     * {@link #queue} of {@code head} and the rest of {@code message}: read from where it stands if it
     * is a regular file, else (a pipe, whose length is known only at its end while QMQP needs it
     * first) read whole into a {@link Spool} first.
     *
     * @throws IOException when the message cannot be read or spooled
     */
    static Queued queueMessage(Map<String, String> environment, byte[] head, FileInputStream message,
            boolean messageIsFile, String sender, List<String> recipients) throws IOException {
        if (messageIsFile) {
            FileChannel file = message.getChannel();
            return queue(environment, head, message, file.size() - file.position(), sender, recipients);
        }
        try (Spool spool = Spool.inTemporaryDirectory()) {
            message.transferTo(spool);
            try (InputStream spooled = spool.open()) {
                return queue(environment, head, spooled, spool.length(), sender, recipients);
            }
        }
    }

    /** The number after {@code qp} in the server's K answer, as forward prints it; 0 if there is none. */
    private static String queueId(String answer) {
        int start = answer.indexOf(" qp ");
        if (start < 0) {
            return "0";
        }
        start += 4;
        int end = start;
        while (end < answer.length() && answer.charAt(end) >= '0' && answer.charAt(end) <= '9') {
            end++;
        }
        return end > start ? answer.substring(start, end) : "0";
    }

    // Addresses from the environment and the command line are text; QMQP carries their UTF-8 bytes.
    private static String byteString(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /**
     * What came of one QMQP attempt: qmail-qmqpc's exit code, the server's answer, and which servers
     * were tried (for the text of a server that is down).
     */
    record Queued(int exitCode, String answer, String servers) {

        /** qmail_close's text for a failure, with its D or Z letter, naming the servers when none answered. */
        String failureText() {
            String text = failure(exitCode);
            return exitCode == 72 || exitCode == 73 ? text + "; is the server running? (QMQP " + servers + ")" : text;
        }
    }

    /**
     * Sends {@code head} and the rest of {@code body}, with the envelope's byte strings (a char per byte),
     * as one QMQP package to the servers of the home's
     * {@code control/qmqpservers} (the port from {@code TESSERA_QMQP_PORT}, else {@value #DEFAULT_PORT}).
     */
    static Queued queue(Map<String, String> environment, byte[] head, InputStream body, long length, String sender,
            List<String> recipients) throws IOException {
        Path home = ToolHome.resolve(environment);
        if (!Files.isDirectory(home)) {
            return new Queued(61, "", "");
        }
        int port = DEFAULT_PORT;
        String fromEnvironment = environment.get("TESSERA_QMQP_PORT");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            try {
                port = Integer.parseInt(fromEnvironment.strip());
            } catch (NumberFormatException e) {
                return new Queued(55, "", "TESSERA_QMQP_PORT=" + fromEnvironment + " is not a port");
            }
        }
        List<InetSocketAddress> servers;
        try {
            servers = QmqpServers.read(home, port);
        } catch (IOException e) {
            return new Queued(55, "", "control/qmqpservers: " + e.getMessage());
        }
        QmqpClient.Result result = QmqpClient.send(servers, content(head, body, length), sender, recipients);
        StringBuilder names = new StringBuilder();
        for (InetSocketAddress server : servers) {
            names.append(names.isEmpty() ? "" : ", ").append(name(server));
        }
        return new Queued(result.exitCode(), result.answer(), names.toString());
    }

    private static QmqpClient.Content content(byte[] head, InputStream in, long length) {
        return new QmqpClient.Content() {
            @Override
            public long length() {
                return head.length + length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(head);
                byte[] buffer = new byte[65536];
                long left = length;
                while (left > 0) {
                    int n;
                    try {
                        n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    } catch (IOException e) {
                        throw new QmqpClient.ContentException("unable to read message", e);
                    }
                    if (n < 0) {
                        throw new QmqpClient.ContentException("message shorter than its file", null);
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        };
    }

    private static String name(InetSocketAddress server) {
        String host = server.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.getPort();
    }

    /** qmail_close's text for a qmail-queue exit code, with its D or Z letter (qmail.c's qmail_close). */
    static String failure(int exitCode) {
        return switch (exitCode) {
            case 11 -> "Denvelope address too long for qq (#5.1.3)";
            case 31 -> "Dmail server permanently rejected message (#5.3.0)";
            case 51 -> "Zqq out of memory (#4.3.0)";
            case 52 -> "Zqq timeout (#4.3.0)";
            case 53 -> "Zqq write error or disk full (#4.3.0)";
            case 54 -> "Zqq read error (#4.3.0)";
            case 55 -> "Zqq unable to read configuration (#4.3.0)";
            case 56 -> "Zqq trouble making network connection (#4.3.0)";
            case 61 -> "Zqq trouble in home directory (#4.3.0)";
            case 62, 63, 64, 65, 66 -> "Zqq trouble creating files in queue (#4.3.0)";
            case 71 -> "Zmail server temporarily rejected message (#4.3.0)";
            case 72 -> "Zconnection to mail server timed out (#4.4.1)";
            case 73 -> "Zconnection to mail server rejected (#4.4.1)";
            case 74 -> "Zcommunication with mail server failed (#4.4.2)";
            case 81, 91 -> "Zqq internal bug (#4.3.0)";
            default -> exitCode >= 11 && exitCode <= 40 ? "Dqq permanent problem (#5.3.0)" : "Zqq temporary problem (#4.3.0)";
        };
    }
}
