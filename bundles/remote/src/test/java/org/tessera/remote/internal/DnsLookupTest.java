package org.tessera.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The questions {@link DnsLookup} sends, counted in a real dnsmasq's query log. */
class DnsLookupTest {

    @TempDir
    Path dir;

    private final ExecutorService callbacks = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        callbacks.shutdownNow();
    }

    private static DnsLookup lookup(Dnsmasq dns) throws Exception {
        int port = Integer.parseInt(dns.address().substring(dns.address().indexOf(':') + 1));
        return new DnsLookup(new SimpleResolver(new InetSocketAddress("127.0.0.1", port)));
    }

    private List<DnsLookup.Answer> ask(DnsLookup lookup, int times) throws Exception {
        List<CompletableFuture<DnsLookup.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            answers.add(lookup.query("a.test", Type.MX, callbacks).toCompletableFuture());
        }
        List<DnsLookup.Answer> got = new ArrayList<>();
        for (CompletableFuture<DnsLookup.Answer> answer : answers) {
            got.add(answer.get(10, TimeUnit.SECONDS));
        }
        return got;
    }

    @Test
    void oneQuestionUnderWayServesEveryoneAskingItAndATtlKeepsTheAnswer() throws Exception {
        try (Dnsmasq dns = Dnsmasq.start(dir, "mx-host=a.test,mx.a.test,10", "local-ttl=300")) {
            DnsLookup lookup = lookup(dns);
            List<DnsLookup.Answer> answers = ask(lookup, 200);
            answers.forEach(a -> assertEquals(DnsLookup.Status.FOUND, a.status()));
            ask(lookup, 1);
            assertEquals(1, dns.questions("MX", "a.test"));
        }
    }

    @Test
    void anAnswerWithTtlZeroIsAskedAgain() throws Exception {
        try (Dnsmasq dns = Dnsmasq.start(dir, "mx-host=a.test,mx.a.test,10")) {
            DnsLookup lookup = lookup(dns);
            assertEquals(DnsLookup.Status.FOUND, ask(lookup, 1).get(0).status());
            assertEquals(DnsLookup.Status.FOUND, ask(lookup, 1).get(0).status());
            assertEquals(2, dns.questions("MX", "a.test"));
        }
    }
}
