package org.tessera.james.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.junit.jupiter.api.Test;
import org.tessera.james.metrics.NoopMetricFactory;
import org.tessera.james.smtp.NonBlockingSMTPProtocolHandlerChain;

class ManagedNettyServerTest {

    private final ConcurrentLinkedQueue<String> hookThreads = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();

    @Test
    void servesSmtpOnHandlerThreadsAndStopsEveryThreadOnUnbind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        ManagedNettyServer server = ManagedNettyServer.builder(smtp()).name("test-smtp").build();
        server.setListenAddresses(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.bind();
        try {
            InetSocketAddress bound = server.getListenAddresses().get(0);
            assertTrue(bound.getPort() > 0);
            session(bound);
            assertThrows(IllegalStateException.class, () -> server.setTimeout(5));
        } finally {
            server.unbind();
        }

        assertFalse(server.isBound());
        assertEquals(List.of(), server.getListenAddresses());
        assertEquals(Set.of(), ownThreads(before, "test-smtp-"), "every thread ended within unbind()");
        assertTrue(hookThreads.stream().allMatch(name -> name.startsWith("test-smtp-handler-")),
            "hooks run on handler threads: " + hookThreads);
        String message = messages.peek();
        assertTrue(message.startsWith("Received: from unknown (HELO client.test) (127.0.0.1)\r\n  by 127.0.0.1 with SMTP; "),
            message);
        assertTrue(message.endsWith(" -0000\r\nSubject: hi\r\n\r\n.dot\r\n"), message);
    }

    @Test
    void failedBindReleasesItsThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ManagedNettyServer server = ManagedNettyServer.builder(smtp()).name("taken-smtp").build();
            server.setListenAddresses((InetSocketAddress) taken.getLocalSocketAddress());
            assertThrows(IOException.class, server::bind);
            assertFalse(server.isBound());
        }
        assertEquals(Set.of(), ownThreads(before, "taken-smtp-"));
    }

    private SMTPProtocol smtp() throws Exception {
        MessageHook recorder = (session, mail) -> {
            hookThreads.add(Thread.currentThread().getName());
            try (InputStream in = mail.getMessageInputStream()) {
                messages.add(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return HookResult.DENYSOFT;
            }
            return HookResult.OK;
        };
        RcptHook acceptAll = new RcptHook() {
            @Override
            public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
                hookThreads.add(Thread.currentThread().getName());
                return HookResult.OK;
            }
        };
        return new SMTPProtocol(new NonBlockingSMTPProtocolHandlerChain(new NoopMetricFactory(), acceptAll, recorder),
            new SMTPConfigurationImpl() {
                @Override
                public String getHelloName() {
                    return "server.test";
                }
            });
    }

    private static void session(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5000);
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            reply(in, "220");
            for (String[] step : new String[][] {{"HELO client.test", "250"}, {"MAIL FROM:<a@client.test>", "250"},
                    {"RCPT TO:<b@server.test>", "250"}, {"DATA", "354"}, {"Subject: hi\r\n\r\n..dot\r\n.", "250"},
                    {"QUIT", "221"}}) {
                out.write((step[0] + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                reply(in, step[1]);
            }
        }
    }

    private static void reply(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        assertTrue(line != null && line.startsWith(code), "expected " + code + ", got " + line);
    }

    /**
     * Threads with the server's name prefix that are still alive (the netty global executor is not
     * ours). A terminated event loop's thread is joined briefly first: netty reports termination as
     * its run loop ends, a moment before the thread itself dies; a leaked thread never does.
     */
    private static Set<String> ownThreads(Set<Thread> before, String prefix) throws InterruptedException {
        Set<Thread> own = Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> !before.contains(thread) && thread.getName().startsWith(prefix))
            .collect(Collectors.toSet());
        for (Thread thread : own) {
            thread.join(2000);
        }
        return own.stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
    }
}
