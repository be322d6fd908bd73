package org.tessera.remote.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.tessera.api.control.ControlFiles;
import org.tessera.api.control.SmtpRoute;
import org.tessera.api.control.VirtualDomain;

/**
 * Control files in memory: the values remote delivery reads are fields, smtproutes is matched as
 * qmail-remote matches it; the rest answer qmail's defaults for an empty control directory.
 */
final class TestControls implements ControlFiles {

    volatile Optional<String> helo = Optional.of("tessera.test");
    volatile int timeoutConnect = 5;
    volatile int timeoutRemote = 10;
    volatile RuntimeException failure;
    private final Map<String, String> routes = new LinkedHashMap<>();

    /** Lines of smtproutes, {@code domain:relay[:port]}; the first line for a key wins, as in constmap. */
    synchronized TestControls routes(String... lines) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon >= 0) {
                routes.putIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1));
            }
        }
        return this;
    }

    @Override
    public synchronized Optional<SmtpRoute> smtpRoute(String domain) {
        if (failure != null) {
            throw failure;
        }
        String d = domain.toLowerCase(Locale.ROOT);
        for (int i = 0; i <= d.length(); i++) {
            if (i == 0 || i == d.length() || d.charAt(i) == '.') {
                String key = d.substring(i);
                String relay = routes.get(key);
                if (relay != null) {
                    int colon = relay.indexOf(':');
                    return Optional.of(colon < 0 ? new SmtpRoute(key, relay, SmtpRoute.DEFAULT_PORT)
                            : new SmtpRoute(key, relay.substring(0, colon), Integer.parseInt(relay.substring(colon + 1))));
                }
            }
        }
        return Optional.empty();
    }

    @Override public Optional<String> heloHost() { return helo; }
    @Override public int timeoutConnect() { return timeoutConnect; }
    @Override public int timeoutRemote() { return timeoutRemote; }
    @Override public int concurrencyRemote() { return 20; }
    @Override public int concurrencyLocal() { return 10; }
    @Override public int concurrencyIncoming() { return 20; }
    @Override public Path home() { return Path.of("").toAbsolutePath(); }
    @Override public Path directory() { return Path.of("control").toAbsolutePath(); }
    @Override public long generation() { return 1; }
    @Override public Set<String> reload() { return Set.of(); }
    @Override public Set<String> refresh(Set<String> names) { return Set.of(); }
    @Override public Optional<String> line(String name) { return Optional.empty(); }
    @Override public OptionalLong number(String name) { return OptionalLong.empty(); }
    @Override public Optional<List<String>> list(String name) { return Optional.empty(); }
    @Override public Optional<String> me() { return helo; }
    @Override public String bounceFrom() { return "MAILER-DAEMON"; }
    @Override public String bounceHost() { return "bouncehost"; }
    @Override public String doubleBounceTo() { return "postmaster"; }
    @Override public String doubleBounceHost() { return "doublebouncehost"; }
    @Override public String envNoAtHost() { return "envnoathost"; }
    @Override public String defaultDomain() { return "defaultdomain"; }
    @Override public String defaultHost() { return "defaulthost"; }
    @Override public String idHost() { return "idhost"; }
    @Override public String plusDomain() { return "plusdomain"; }
    @Override public Optional<String> localIpHost() { return Optional.empty(); }
    @Override public Optional<String> smtpGreeting() { return Optional.empty(); }
    @Override public String defaultDelivery() { return "./Maildir/\n"; }
    @Override public long databytes() { return 0; }
    @Override public long queueLifetime() { return 604800; }
    @Override public int timeoutSmtpd() { return 1200; }
    @Override public Optional<Set<String>> locals() { return Optional.empty(); }
    @Override public boolean isLocal(String domain) { return false; }
    @Override public boolean isPercentHack(String domain) { return false; }
    @Override public boolean isBadMailFrom(String sender) { return false; }
    @Override public boolean hasRcptHosts() { return false; }
    @Override public boolean isRcptHost(String domain) { return false; }
    @Override public Optional<VirtualDomain> virtualDomain(String address) { return Optional.empty(); }
    @Override public List<String> qmqpServers() { return List.of(); }
}
