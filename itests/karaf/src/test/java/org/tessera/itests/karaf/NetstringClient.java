package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.tessera.itests.karaf.Commands.Result;

/**
 * Runs the Python QMTP/QMQP client ({@code src/test/resources/netstring_client.py}) against the
 * running server: what it was told to send, and what came back.
 */
final class NetstringClient {

    /** The netstrings answered, in order, and whether the server then closed the connection. */
    record Answer(List<String> replies, boolean closed) {
    }

    /** One QMTP package: the line-ending flag ("\n" or "\r"), the message, the envelope. */
    record Package(String mode, String message, String sender, List<String> recipients) {

        String json() {
            return "{\"mode\":" + quote(mode) + ",\"message\":" + quote(message) + ",\"sender\":" + quote(sender)
                    + ",\"recipients\":" + list(recipients) + "}";
        }
    }

    private static final Path SCRIPT = Path.of("src/test/resources/netstring_client.py").toAbsolutePath();

    private NetstringClient() {
    }

    static Answer qmtp(Commands commands, Package... packages) throws Exception {
        List<String> items = new ArrayList<>();
        for (Package p : packages) {
            items.add(p.json());
        }
        return run(commands, "qmtp", commands.qmtpPort, "{\"packages\":[" + String.join(",", items) + "]}");
    }

    static Answer qmqp(Commands commands, String message, String sender, List<String> recipients) throws Exception {
        return run(commands, "qmqp", commands.qmqpPort, "{\"message\":" + quote(message) + ",\"sender\":" + quote(sender)
                + ",\"recipients\":" + list(recipients) + "}");
    }

    /** Sends bytes as they are (one character per byte) and reads what comes back until the server closes. */
    static Answer raw(Commands commands, String protocol, String bytes) throws Exception {
        return run(commands, protocol, protocol.equals("qmtp") ? commands.qmtpPort : commands.qmqpPort,
                "{\"raw\":" + quote(bytes) + "}");
    }

    /** Sends a QMTP package's first {@code cut} bytes and goes away. */
    static void vanish(Commands commands, Package p, int cut) throws Exception {
        Result r = script(commands, "qmtp", commands.qmtpPort,
                "{\"packages\":[" + p.json() + "],\"cut\":" + cut + ",\"vanish\":true}");
        assertEquals(r.toString(), new Result(0, "VANISHED\n"), r);
    }

    private static Answer run(Commands commands, String protocol, int port, String spec) throws Exception {
        Result r = script(commands, protocol, port, spec);
        assertEquals(r.toString(), 0, r.exit());
        List<String> replies = new ArrayList<>();
        Boolean closed = null;
        for (String line : r.out().split("\n")) {
            if (line.startsWith("REPLY ")) {
                replies.add(line.substring(6));
            } else if (line.equals("CLOSED") || line.equals("OPEN")) {
                closed = line.equals("CLOSED");
            } else {
                throw new AssertionError("unexpected output of the client: " + r.out());
            }
        }
        if (closed == null) {
            throw new AssertionError("the client did not finish: " + r.out());
        }
        return new Answer(replies, closed);
    }

    private static Result script(Commands commands, String protocol, int port, String spec) throws Exception {
        Path input = Files.writeString(Files.createTempFile(commands.home, "spec", ".json"), spec);
        try {
            return commands.run(60, List.of("python3", SCRIPT.toString(), protocol, Integer.toString(port)), input);
        } finally {
            Files.delete(input);
        }
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String list(List<String> texts) {
        return "[" + String.join(",", texts.stream().map(NetstringClient::quote).toList()) + "]";
    }
}
