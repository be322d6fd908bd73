package org.tessera.remote.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real DNS server for one test: Debian's dnsmasq on 127.0.0.1 and a free port, authoritative for
 * {@code .test} ({@code --local=/test/}: unknown names there are NXDOMAIN), with no upstream, so
 * any other name is refused (a temporary failure for qmail). No configuration file, hosts file or
 * resolv.conf of the machine is read.
 */
final class Dnsmasq implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private Dnsmasq(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts dnsmasq with records given as dnsmasq options without their dashes, such as
     * {@code mx-host=a.test,mx1.a.test,10}, {@code host-record=mx1.a.test,127.0.0.2}, {@code cname=b.test,a.test}.
     */
    static Dnsmasq start(Path directory, String... records) throws IOException, InterruptedException {
        Path binary = Tools.program("/usr/sbin/dnsmasq", "dnsmasq");
        int port = Tools.freeDnsPort();
        Path log = directory.resolve("dnsmasq-" + port + ".log");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--no-daemon", "--conf-file=/dev/null",
                "--no-resolv", "--no-hosts", "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                "--pid-file=", "--user=root", "--local=/test/", "--log-facility=-", "--log-queries"));
        for (String r : records) {
            command.add("--" + r);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Dnsmasq dns = new Dnsmasq(process, port, log);
        dns.awaitAnswers();
        return dns;
    }

    /** How many questions of {@code type} (e.g. {@code MX}) for {@code name} the server was asked. */
    long questions(String type, String name) throws IOException {
        String asked = "query[" + type + "] " + name + " from ";
        return Files.readAllLines(log).stream().filter(line -> line.contains(asked)).count();
    }

    /** The server as TESSERA_DNS gives it. */
    String address() {
        return "127.0.0.1:" + port;
    }

    private void awaitAnswers() throws IOException, InterruptedException {
        SimpleResolver probe = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
        probe.setTimeout(Duration.ofMillis(200));
        Message query = Message.newQuery(Record.newRecord(Name.fromString("probe.test."), Type.A, DClass.IN));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IOException("dnsmasq exited: " + Files.readString(log));
            }
            try {
                probe.send(query);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IOException("dnsmasq did not answer: " + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
