package org.tessera.control.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import org.tessera.api.control.CdbTable;

/** The typed values of one {@link ControlSnapshot}, with qmail's defaults (qmail-control(5)) applied. */
final class ControlValues {

    final long generation;
    final ControlSnapshot snapshot;
    final Optional<CdbTable> moreRcptHosts;

    final Optional<String> me;
    final String bounceFrom;
    final String bounceHost;
    final String doubleBounceTo;
    final String doubleBounceHost;
    final String envNoAtHost;
    final String defaultDomain;
    final String defaultHost;
    final String idHost;
    final String plusDomain;
    final Optional<String> heloHost;
    final Optional<String> localIpHost;
    final Optional<String> smtpGreeting;
    final String defaultDelivery;

    final int concurrencyLocal;
    final int concurrencyRemote;
    final int concurrencyIncoming;
    final long databytes;
    final long queueLifetime;
    final int timeoutConnect;
    final int timeoutRemote;
    final int timeoutSmtpd;

    final Optional<Set<String>> locals;
    final Set<String> percentHack;
    final BadMailFrom badMailFrom;
    final RcptHosts rcptHosts;
    final VirtualDomains virtualDomains;
    final SmtpRoutes smtpRoutes;
    final List<String> qmqpServers;

    ControlValues(ControlSnapshot s, Optional<CdbTable> moreRcptHosts, long generation) {
        this.generation = generation;
        this.snapshot = s;
        this.moreRcptHosts = moreRcptHosts;

        me = s.line("me");
        bounceFrom = s.line("bouncefrom").orElse("MAILER-DAEMON");
        bounceHost = lineOrMe(s, "bouncehost").orElse("bouncehost");
        doubleBounceTo = s.line("doublebounceto").orElse("postmaster");
        doubleBounceHost = lineOrMe(s, "doublebouncehost").orElse("doublebouncehost");
        envNoAtHost = lineOrMe(s, "envnoathost").orElse("envnoathost");
        defaultDomain = lineOrMe(s, "defaultdomain").orElse("defaultdomain");
        defaultHost = lineOrMe(s, "defaulthost").orElse("defaulthost");
        idHost = lineOrMe(s, "idhost").orElse("idhost");
        plusDomain = lineOrMe(s, "plusdomain").orElse("plusdomain");
        heloHost = lineOrMe(s, "helohost");
        localIpHost = lineOrMe(s, "localiphost");
        smtpGreeting = lineOrMe(s, "smtpgreeting");
        defaultDelivery = defaultDelivery(s.bytes("defaultdelivery"));

        concurrencyLocal = asInt(s.number("concurrencylocal"), 10);
        concurrencyRemote = asInt(s.number("concurrencyremote"), 20);
        concurrencyIncoming = asInt(s.number("concurrencyincoming"), 20);
        databytes = s.number("databytes").orElse(0);
        queueLifetime = s.number("queuelifetime").orElse(604800);
        timeoutConnect = asInt(s.number("timeoutconnect"), 60);
        timeoutRemote = asInt(s.number("timeoutremote"), 1200);
        // qmail-smtpd: "if (timeout <= 0) timeout = 1"; an unsigned read leaves only 0 to fix.
        timeoutSmtpd = Math.max(1, asInt(s.number("timeoutsmtpd"), 1200));

        locals = s.list("locals").map(ControlValues::lowerSet).or(() -> me.map(m -> Set.of(ControlParsers.lower(m))));
        percentHack = lowerSet(s.list("percenthack").orElse(List.of()));
        badMailFrom = new BadMailFrom(s.list("badmailfrom").orElse(List.of()));
        rcptHosts = new RcptHosts(s.list("rcpthosts"), moreRcptHosts);
        virtualDomains = new VirtualDomains(s.list("virtualdomains").orElse(List.of()));
        smtpRoutes = new SmtpRoutes(s.list("smtproutes").orElse(List.of()));
        qmqpServers = QmqpServers.parse(s.list("qmqpservers").orElse(List.of()));
    }

    /** qmail's control_rldef with flagme: the file if it exists (even empty), else {@code me} if that exists. */
    private Optional<String> lineOrMe(ControlSnapshot s, String name) {
        return s.line(name).or(() -> me);
    }

    /**
     * qmail never reads this file: the "Life with qmail" rc script passes {@code `cat defaultdelivery`}
     * to qmail-start, so the whole text counts, less its trailing newlines. Empty text would make every
     * user without a .qmail file lose mail, so it falls back like a missing file.
     */
    private static String defaultDelivery(Optional<byte[]> content) {
        String text = content.map(bytes -> new String(bytes, StandardCharsets.ISO_8859_1)).orElse("");
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return end == 0 ? "./Maildir/" : text.substring(0, end);
    }

    private static int asInt(OptionalLong value, int defaultValue) {
        return value.isPresent() ? (int) Math.min(value.getAsLong(), Integer.MAX_VALUE) : defaultValue;
    }

    private static Set<String> lowerSet(List<String> lines) {
        return lines.stream().map(ControlParsers::lower).collect(Collectors.toUnmodifiableSet());
    }
}
