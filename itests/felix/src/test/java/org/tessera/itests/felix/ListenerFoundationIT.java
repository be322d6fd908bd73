package org.tessera.itests.felix;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.inject.Inject;

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
import org.tessera.listener.TcpServer;

/**
 * What every listener runs on, in Felix: the James Protocols wrapper bundle resolves against netty,
 * Guava, Commons and javax.mail from their own bundles; the listener bundle takes James's packages
 * from the wrapper; and tcpserver's part ({@code TcpServer}) serves connections over a real socket
 * and can be started and stopped again and again without leaving a thread behind (the hot-swap case:
 * a listener component deactivated and activated, a bundle updated).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ListenerFoundationIT {

    private static final String WRAPPER = "org.tessera.james.protocols";
    private static final String LISTENER = "org.tessera.listener";
    private static final int RESTARTS = 5;
    private static final Duration THREAD_END_WAIT = Duration.ofSeconds(15);

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

        assertNull("Tessera's listener code is in " + LISTENER, wrapper.findEntries("org/tessera", "*.class", true));

        // The imports are wired to the libraries' own bundles.
        Map<String, String> providers = providers(wrapper);
        assertEquals("io.netty.transport", providers.get("io.netty.channel"));
        assertEquals("com.google.guava", providers.get("com.google.common.base"));
        assertEquals("org.apache.commons.lang3", providers.get("org.apache.commons.lang3"));
        assertEquals("com.sun.mail.javax.mail", providers.get("javax.mail.internet"));
    }

    @Test
    public void listenerBundleTakesJamesFromTheWrapper() {
        Bundle listener = installed(LISTENER);
        assertEquals("state of " + LISTENER, Bundle.ACTIVE, listener.getState());
        Map<String, String> providers = providers(listener);
        assertEquals(WRAPPER, providers.get("org.apache.james.protocols.api"));
        assertEquals(WRAPPER, providers.get("org.apache.james.protocols.netty"));
        assertEquals("org.tessera.api", providers.get("org.tessera.api.policy"));
        assertEquals("io.netty.transport", providers.get("io.netty.channel"));
    }

    @Test
    public void sessionsAcrossFiveRestartsLeaveNoThreadBehind() throws Exception {
        Set<Thread> before = liveThreads();
        int port = freePort();
        for (int run = 0; run <= RESTARTS; run++) {
            TcpServer server = TcpServer.builder("ECHO", "echo", Echo::new).port(port).build();
            server.start();
            try {
                assertEquals("run " + run, exchange(new InetSocketAddress("127.0.0.1", port), "run " + run));
                Set<String> names = names(newThreads(before));
                assertTrue("I/O threads are named after the listener: " + names,
                    names.stream().anyMatch(name -> name.startsWith("echo-io-")));
                assertTrue("handler threads are named after the listener: " + names,
                    names.stream().anyMatch(name -> name.startsWith("echo-handler-")));
            } finally {
                server.stop();
            }
            assertEquals(List.of(), server.boundAddresses());
            // netty's own GlobalEventExecutor thread reports the groups' termination and ends by
            // itself a second later; it is waited for only after the last stop.
            Predicate<Thread> counted = run < RESTARTS ? thread -> !thread.getName().startsWith("globalEventExecutor-")
                : thread -> true;
            List<Thread> left = waitForThreadsToEnd(before, counted);
            assertTrue("threads left behind after stop #" + (run + 1) + ": " + countByName(left), left.isEmpty());
        }
    }

    /** Answers each line with itself. */
    private static final class Echo implements TcpServer.Session {
        private final TcpServer.Connection connection;

        Echo(TcpServer.Connection connection) {
            this.connection = connection;
        }

        @Override
        public void start() {
            connection.transport().setReadable(true);
        }

        @Override
        public void received(byte[] bytes) {
            connection.transport().writeBytes(bytes, connection.james());
        }

        @Override
        public void disconnected() {
            // nothing to release: the echo keeps no state
        }
    }

    /** Sends one line and reads the answer. */
    private static String exchange(InetSocketAddress address, String line) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5000);
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return in.readLine();
        }
    }

    private Bundle installed(String symbolicName) {
        return Arrays.stream(context.getBundles())
            .filter(b -> symbolicName.equals(b.getSymbolicName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    /** Each package a bundle imports, and the bundle it is wired to. */
    private static Map<String, String> providers(Bundle bundle) {
        Map<String, String> providers = new TreeMap<>();
        for (BundleWire wire : bundle.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            providers.put((String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                wire.getProvider().getBundle().getSymbolicName());
        }
        return providers;
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
}
