package org.tessera.itests.felix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.netty.AbstractAsyncServer;
import org.apache.james.protocols.netty.NettyServer;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.tessera.james.metrics.NoopMetricFactory;
import org.tessera.james.netty.ManagedNettyServer;
import org.tessera.james.smtp.NonBlockingSMTPProtocolHandlerChain;

/**
 * The James Protocols wrapper bundle in Felix: it resolves against netty, Guava, Commons and
 * javax.mail from their own bundles, serves SMTP over a real socket, and can be bound and unbound
 * again and again without leaving a thread behind (the hot-swap case: a listener component
 * deactivated and activated, a bundle updated).
 *
 * <p>With {@code -Dtessera.itests.stockNettyServer=true} the restart test uses James's own
 * {@code NettyServer} instead of {@code ManagedNettyServer}; it must then fail, because that server
 * leaks a {@code DefaultEventLoopGroup} on every bind (pitfall P1 of the James note).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JamesProtocolsIT {

    private static final String WRAPPER = "org.tessera.james-protocols";
    private static final int RESTARTS = 5;
    private static final Duration THREAD_END_WAIT = Duration.ofSeconds(15);
    private static final boolean STOCK_SERVER = Boolean.getBoolean("tessera.itests.stockNettyServer");

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        File dir = new File(System.getProperty("tessera.bundles.dir", "target/bundles"));
        File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no bundles in " + dir + "; run through mvn verify");
        }
        Arrays.sort(jars, Comparator.comparing(File::getName));
        List<Option> options = new ArrayList<>(List.of(
            systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
            // Pitfall E1: systemPackages(), not a framework property that replaces Pax Exam's list.
            systemPackages("sun.misc", "sun.nio.ch"),
            junitBundles()));
        for (File jar : jars) {
            options.add(bundle(jar.toURI().toString()));
        }
        return options.toArray(new Option[0]);
    }

    @Test
    public void wrapperIsActiveAndImportsItsLibraries() {
        Bundle wrapper = installed(WRAPPER);
        assertEquals("state of " + WRAPPER, Bundle.ACTIVE, wrapper.getState());
        assertEquals("state of org.tessera.api", Bundle.ACTIVE, installed("org.tessera.api").getState());

        String imports = wrapper.getHeaders().get("Import-Package");
        for (String pkg : List.of("io.netty.channel", "io.netty.handler.codec", "com.google.common.base",
                "com.google.common.collect", "org.apache.commons.lang3", "org.apache.commons.io.output",
                "javax.mail.internet", "org.slf4j", "com.github.fge.lambdas")) {
            assertTrue(pkg + " not imported: " + imports, imports.contains(pkg + ";"));
        }
        for (String embedded : List.of("io/netty/channel/Channel.class", "com/google/common/base/Preconditions.class",
                "org/apache/commons/lang3/StringUtils.class", "javax/mail/internet/AddressException.class")) {
            assertNull(embedded + " is embedded", wrapper.getEntry(embedded));
        }
        assertNotNull(wrapper.getEntry("org/apache/james/protocols/smtp/SMTPProtocol.class"));

        // The imports are wired to the libraries' own bundles.
        Map<String, String> providers = new TreeMap<>();
        for (BundleWire wire : wrapper.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            providers.put((String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                wire.getProvider().getBundle().getSymbolicName());
        }
        assertEquals("io.netty.transport", providers.get("io.netty.channel"));
        assertEquals("com.google.guava", providers.get("com.google.common.base"));
        assertEquals("org.apache.commons.lang3", providers.get("org.apache.commons.lang3"));
        assertEquals("com.sun.mail.javax.mail", providers.get("javax.mail.internet"));
    }

    @Test
    public void smtpSessionsAcrossFiveRestartsLeaveNoThreadBehind() throws Exception {
        Set<Thread> before = liveThreads();
        ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
        MessageHook recorder = (session, mail) -> {
            messages.add(envelope(mail) + read(mail));
            return HookResult.OK;
        };
        RcptHook acceptAll = new RcptHook() {
            @Override
            public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
                return HookResult.OK;
            }
        };
        SMTPProtocol protocol = new SMTPProtocol(
            new NonBlockingSMTPProtocolHandlerChain(new NoopMetricFactory(), acceptAll, recorder),
            new TestConfiguration());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
        AbstractAsyncServer server = newServer(protocol);
        server.setListenAddresses(address);

        try {
            for (int run = 0; run <= RESTARTS; run++) {
                server.bind();
                assertTrue(server.isBound());
                talkSmtp(address, run);
                if (!STOCK_SERVER) {
                    Set<String> names = names(newThreads(before));
                    assertTrue("I/O threads are named after the protocol: " + names,
                        names.stream().anyMatch(name -> name.startsWith("smtp-io-")));
                    assertTrue("handler threads are named after the protocol: " + names,
                        names.stream().anyMatch(name -> name.startsWith("smtp-handler-")));
                }
                server.unbind();
                assertFalse(server.isBound());
                // netty's own GlobalEventExecutor thread reports the groups' termination and ends by
                // itself a second later; it is waited for only after the last unbind.
                Predicate<Thread> counted = run < RESTARTS ? thread -> !thread.getName().startsWith("globalEventExecutor-")
                    : thread -> true;
                List<Thread> left = waitForThreadsToEnd(before, counted);
                assertTrue("threads left behind after unbind #" + (run + 1) + ": " + countByName(left), left.isEmpty());
            }
        } finally {
            server.unbind();
        }

        assertEquals(RESTARTS + 1, messages.size());
        int run = 0;
        for (String message : messages) {
            String[] lines = message.split("\r\n", -1);
            assertEquals("<sender@client.test>[rcpt@server.test]", lines[0]);
            assertTrue(lines[1], lines[1].matches(
                "Received: from unknown \\(HELO client\\.test\\) \\(127\\.0\\.0\\.1\\)"));
            assertTrue(lines[2], lines[2].matches(
                "  by 127\\.0\\.0\\.1 with SMTP; \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d -0000"));
            assertEquals("Subject: run " + run, lines[3]);
            assertEquals("", lines[4]);
            assertEquals("body of run " + run, lines[5]);
            assertEquals("a line that began with a dot:", lines[6]);
            assertEquals(".dot", lines[7]);
            run++;
        }
    }

    private static AbstractAsyncServer newServer(Protocol protocol) {
        if (STOCK_SERVER) {
            return new NettyServer.Factory().protocol(protocol).build();
        }
        return ManagedNettyServer.builder(protocol).name("smtp").build();
    }

    /** One complete session: EHLO, MAIL, RCPT, DATA (with a dot-stuffed line), QUIT. */
    private static void talkSmtp(InetSocketAddress address, int run) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5000);
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            send(out, "EHLO client.test");
            expect(in, "250");
            send(out, "MAIL FROM:<sender@client.test>");
            expect(in, "250");
            send(out, "RCPT TO:<rcpt@server.test>");
            expect(in, "250");
            send(out, "DATA");
            expect(in, "354");
            send(out, "Subject: run " + run + "\r\n\r\nbody of run " + run + "\r\na line that began with a dot:\r\n..dot\r\n.");
            expect(in, "250");
            send(out, "QUIT");
            expect(in, "221");
        }
    }

    private static void send(OutputStream out, String lines) throws IOException {
        out.write((lines + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one (possibly multi-line) reply and checks its code. */
    private static void expect(BufferedReader in, String code) throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                fail("connection closed, expected " + code + " after: " + reply);
            }
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        assertTrue("expected " + code + ", got: " + reply, line.startsWith(code + " ") || line.equals(code));
    }

    private static String envelope(MailEnvelope mail) {
        return mail.getMaybeSender().asPrettyString() + mail.getRecipients() + "\r\n";
    }

    private static String read(MailEnvelope mail) {
        try (InputStream in = mail.getMessageInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Bundle installed(String symbolicName) {
        return Arrays.stream(context.getBundles())
            .filter(b -> symbolicName.equals(b.getSymbolicName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    private static List<Thread> newThreads(Set<Thread> before) {
        List<Thread> now = new ArrayList<>(liveThreads());
        now.removeAll(before);
        return now;
    }

    /** The counted threads started since {@code before} that are still alive after a bounded wait. */
    private static List<Thread> waitForThreadsToEnd(Set<Thread> before, Predicate<Thread> counted)
            throws InterruptedException {
        long deadline = System.nanoTime() + THREAD_END_WAIT.toNanos();
        List<Thread> left = newThreads(before);
        left.removeIf(counted.negate());
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = newThreads(before);
            left.removeIf(counted.negate());
        }
        return left;
    }

    private static Set<String> names(List<Thread> threads) {
        return threads.stream().map(Thread::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Thread names with trailing numbers folded, and how many of each: {defaultEventLoopGroup-#-#=6}. */
    private static Map<String, Long> countByName(List<Thread> threads) {
        Function<Thread, String> shape = thread -> thread.getName().replaceAll("\\d+", "#");
        return threads.stream().collect(Collectors.groupingBy(shape, TreeMap::new, Collectors.counting()));
    }

    /** SMTPConfigurationImpl has no setters for the names: subclass it. */
    private static final class TestConfiguration extends SMTPConfigurationImpl {
        @Override
        public String getHelloName() {
            return "server.test";
        }

        @Override
        public String getGreeting() {
            return "server.test ESMTP";
        }
    }
}
