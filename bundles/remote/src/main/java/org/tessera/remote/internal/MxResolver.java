package org.tessera.remote.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.tessera.api.queue.DeliveryReport;
import org.tessera.remote.internal.DnsLookup.Answer;
import org.tessera.remote.internal.DnsLookup.Status;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * qmail's dns_mxip and dns_ip: the addresses to try for a domain (MX records by preference,
 * equal preferences shuffled, each MX host's A then AAAA records; the domain's own addresses when
 * it has no MX) or for a relay host (addresses only), or the report that ends the delivery.
 */
final class MxResolver {

    /**
     * What the lookup found.
     *
     * @param targets the addresses in the order to try them, when {@code failure} is empty
     * @param failure the report when there is nothing to try
     */
    record Resolution(List<MxAddress> targets, Optional<DeliveryReport> failure) {
        static Resolution of(List<MxAddress> targets) {
            return new Resolution(targets, targets.isEmpty() ? Optional.of(Reports.NO_MX) : Optional.empty());
        }

        static Resolution failed(DeliveryReport report) {
            return new Resolution(List.of(), Optional.of(report));
        }
    }

    private record HostAddresses(Status status, List<MxAddress> targets) {
    }

    private final DnsLookup dns;
    private final Random random;

    MxResolver(DnsLookup dns, Random random) {
        this.dns = dns;
        this.random = random;
    }

    /** dns_mxip: the mail exchangers of a recipient domain. */
    CompletionStage<Resolution> mailExchangers(String domain, Executor executor) {
        Optional<InetAddress> literal = IpLiteral.parse(domain);
        if (literal.isPresent()) {
            return CompletableFuture.completedFuture(Resolution.of(List.of(new MxAddress(literal.get(), 0, domain))));
        }
        return dns.query(domain, Type.MX, executor).thenCompose(answer -> switch (answer.status()) {
            case SOFT -> CompletableFuture.completedFuture(Resolution.failed(Reports.DNS_TEMPORARY));
            case HARD -> host(domain, executor);
            case FOUND -> exchangers(answer, executor);
        });
    }

    /** dns_ip: the addresses of a host (a relay of smtproutes, or a domain without MX). */
    CompletionStage<Resolution> host(String host, Executor executor) {
        return addresses(host, 0, executor).thenApply(found -> switch (found.status()) {
            case FOUND -> Resolution.of(found.targets());
            case HARD -> Resolution.failed(Reports.noSuchHost(host));
            case SOFT -> Resolution.failed(Reports.DNS_TEMPORARY);
        });
    }

    private CompletionStage<Resolution> exchangers(Answer answer, Executor executor) {
        List<MXRecord> mxs = new ArrayList<>();
        for (Record r : answer.records()) {
            mxs.add((MXRecord) r);
        }
        // A shuffle, then a stable sort: equal preferences end in random order, as qmail's random keys make them.
        Collections.shuffle(mxs, random);
        mxs.sort(Comparator.comparingInt(MXRecord::getPriority));
        List<CompletableFuture<HostAddresses>> lookups = new ArrayList<>();
        for (MXRecord mx : mxs) {
            lookups.add(addresses(mx.getTarget().toString(true), mx.getPriority(), executor).toCompletableFuture());
        }
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<MxAddress> targets = new ArrayList<>();
            boolean soft = false;
            for (CompletableFuture<HostAddresses> lookup : lookups) {
                HostAddresses a = lookup.join();
                targets.addAll(a.targets());
                soft |= a.status() == Status.SOFT;
            }
            // qmail: a temporary failure matters only when no MX host gave an address.
            if (targets.isEmpty() && soft) {
                return Resolution.failed(Reports.DNS_TEMPORARY);
            }
            return Resolution.of(targets);
        });
    }

    /** dns_ipplus: a host's A records, then its AAAA records, each with the preference given. */
    private CompletionStage<HostAddresses> addresses(String host, long preference, Executor executor) {
        Optional<InetAddress> literal = IpLiteral.parse(host);
        if (literal.isPresent()) {
            return CompletableFuture.completedFuture(
                    new HostAddresses(Status.FOUND, List.of(new MxAddress(literal.get(), preference, host))));
        }
        CompletableFuture<Answer> v4 = dns.query(host, Type.A, executor).toCompletableFuture();
        CompletableFuture<Answer> v6 = dns.query(host, Type.AAAA, executor).toCompletableFuture();
        return v4.thenCombine(v6, (a, aaaa) -> {
            List<MxAddress> targets = new ArrayList<>();
            for (Answer answer : List.of(a, aaaa)) {
                for (Record r : answer.records()) {
                    targets.add(new MxAddress(address(r), preference, host));
                }
            }
            if (!targets.isEmpty()) {
                return new HostAddresses(Status.FOUND, targets);
            }
            boolean soft = a.status() == Status.SOFT || aaaa.status() == Status.SOFT;
            return new HostAddresses(soft ? Status.SOFT : Status.HARD, List.of());
        });
    }

    private static InetAddress address(Record r) {
        InetAddress a = r instanceof ARecord ar ? ar.getAddress() : ((AAAARecord) r).getAddress();
        try {
            // Without the owner's name: only the address is wanted, and no reverse lookup may follow.
            return InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
