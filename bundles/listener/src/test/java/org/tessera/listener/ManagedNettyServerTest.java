package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.api.ProtocolConfiguration;
import org.apache.james.protocols.api.ProtocolImpl;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerChainImpl;
import org.junit.jupiter.api.Test;

class ManagedNettyServerTest {

    private final ConcurrentLinkedQueue<String> handlerThreads = new ConcurrentLinkedQueue<>();

    @Test
    void servesSessionsOnHandlerThreadsAndStopsEveryThreadOnUnbind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        ManagedNettyServer server = ManagedNettyServer.builder(echo()).name("test-echo").build();
        server.setListenAddresses(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.bind();
        try {
            InetSocketAddress bound = server.getListenAddresses().get(0);
            assertTrue(bound.getPort() > 0);
            assertEquals(List.of("one", "two"), exchange(bound, "one", "two"));
            assertThrows(IllegalStateException.class, () -> server.setTimeout(5));
        } finally {
            server.unbind();
        }

        assertFalse(server.isBound());
        assertEquals(List.of(), server.getListenAddresses());
        assertEquals(Set.of(), ownThreads(before, "test-echo-"), "every thread ended within unbind()");
        assertEquals(2, handlerThreads.size());
        assertTrue(handlerThreads.stream().allMatch(name -> name.startsWith("test-echo-handler-")),
            "the protocol runs on handler threads: " + handlerThreads);
    }

    @Test
    void failedBindReleasesItsThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ManagedNettyServer server = ManagedNettyServer.builder(echo()).name("taken-echo").build();
            server.setListenAddresses((InetSocketAddress) taken.getLocalSocketAddress());
            assertThrows(IOException.class, server::bind);
            assertFalse(server.isBound());
        }
        assertEquals(Set.of(), ownThreads(before, "taken-echo-"));
    }

    /** Answers each line with itself, noting the thread that ran it. */
    private Protocol echo() throws Exception {
        ProtocolHandlerChainImpl chain = new ProtocolHandlerChainImpl();
        chain.add((LineHandler<ProtocolSession>) (session, line) -> {
            handlerThreads.add(Thread.currentThread().getName());
            ((ChannelTransport) ((ProtocolSessionImpl) session).getProtocolTransport()).writeBytes(line, session);
            return null;
        });
        chain.wireExtensibleHandlers();
        return new ProtocolImpl(chain, new ServerNames()) {
            @Override
            public String getName() {
                return "ECHO";
            }
        };
    }

    private static List<String> exchange(InetSocketAddress address, String... lines) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5000);
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            List<String> answers = new ArrayList<>();
            for (String line : lines) {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                answers.add(in.readLine());
            }
            return answers;
        }
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

    /** James's ProtocolConfigurationImpl looks the local host name up; the echo needs no names. */
    private static final class ServerNames implements ProtocolConfiguration {
        @Override
        public String getGreeting() {
            return "server.test";
        }

        @Override
        public String getSoftwareName() {
            return "test";
        }

        @Override
        public String getHelloName() {
            return "server.test";
        }
    }
}
