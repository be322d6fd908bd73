package org.tessera.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;

/**
 * Acceptance by a real SMTP server (Postfix's smtp-sink) found through a real DNS server, and the
 * channel's threads: a fixed few, whatever the number of deliveries in flight, and none left once
 * the component is deactivated.
 */
class SinkDeliveryTest {

    @TempDir
    Path dir;

    @Test
    void smtpSinkAcceptsWhatTheMxLookupFinds() throws Exception {
        try (SmtpSink sink = SmtpSink.start("127.0.0.3", dir.resolve("sink.log"));
                Dnsmasq dns = Dnsmasq.start(dir, "mx-host=sink.test,mx.sink.test,10", "host-record=mx.sink.test,127.0.0.3")) {
            RemoteChannel channel = Channels.start(new TestControls(), Map.of("dns", dns.address(), "port", sink.port));
            try {
                assertEquals(new DeliveryReport(Outcome.SUCCESS, "127.0.0.3 accepted message.\nRemote host said: 250 2.0.0 Ok\n"),
                        Channels.deliver(channel, "joe@sender.test", "box@sink.test", "Subject: x\n\nbody\n"));
            } finally {
                channel.deactivate();
            }
        }
    }

    @Test
    void manyDeliveriesInFlightCostNoThreadEachAndDeactivationLeavesNone() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        for (int round = 0; round < 2; round++) {
            loadAndStop(before);
        }
    }

    private void loadAndStop(Set<Thread> before) throws Exception {
        try (SmtpSink sink = SmtpSink.start("127.0.0.3", dir.resolve("sink.log"));
                Dnsmasq dns = Dnsmasq.start(dir, "mx-host=sink.test,mx.sink.test,10", "host-record=mx.sink.test,127.0.0.3")) {
            RemoteChannel channel = Channels.start(new TestControls(),
                    Map.of("dns", dns.address(), "port", sink.port, "ehlo", true));
            MessageContent content = Channels.content("Subject: load\n\n" + "a line of text\n".repeat(200));
            List<CompletableFuture<DeliveryReport>> inFlight = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                inFlight.add(channel.deliver(i, MailAddress.parse("joe@sender.test"), MailAddress.parse("box" + i + "@sink.test"),
                        content).toCompletableFuture());
            }
            int during = added(before).size();
            for (CompletableFuture<DeliveryReport> f : inFlight) {
                assertEquals(Outcome.SUCCESS, f.get(60, TimeUnit.SECONDS).outcome());
            }
            // Two event loops, two body readers, dnsjava's selector: a fixed few, whatever is in flight.
            assertTrue(during <= 5, "threads added while 300 deliveries ran: " + added(before));
            channel.deactivate();
        }
        // dnsjava's selector thread, one per JVM, outlives the component (see RemoteChannel.deactivate).
        Set<String> dnsjava = Set.of("dnsjava NIO selector");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!dnsjava.containsAll(added(before)) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(dnsjava.containsAll(added(before)), "left after deactivation: " + added(before));
    }

    /** Threads alive now that were not before, by name; the JDK's own process reapers do not count. */
    private static Set<String> added(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !t.getName().startsWith("process reaper"))
                .map(Thread::getName).collect(Collectors.toSet());
    }
}
