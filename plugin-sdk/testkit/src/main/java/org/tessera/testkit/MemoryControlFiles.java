package org.tessera.testkit;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.tessera.api.control.ControlFiles;
import org.tessera.api.control.SmtpRoute;
import org.tessera.api.control.VirtualDomain;
import org.tessera.api.mail.MailAddress;

/**
 * An in-memory {@link ControlFiles} with qmail's matching rules for {@code locals}, {@code percenthack},
 * {@code virtualdomains} and {@code rcpthosts}, for tests; fields and builders set the values, and what
 * is not set throws, so a test sees at once what its code under test reads.
 */
public final class MemoryControlFiles implements ControlFiles {

    private final Set<String> locals = new HashSet<>();
    private final Set<String> percentHack = new HashSet<>();
    private final Map<String, String> virtualDomains = new HashMap<>();
    private Set<String> rcptHosts;
    public String envNoAtHost = "envnoathost";
    public String bounceFrom = "MAILER-DAEMON";
    public String bounceHost = "bouncehost";
    public String doubleBounceTo = "postmaster";
    public String doubleBounceHost = "doublebouncehost";
    public long queueLifetime = 604800;
    public int concurrencyLocal = 10;
    public int concurrencyRemote = 20;
    /** {@link #home()}; unset, it throws. */
    public Path home;
    /** control/me; unset, none. */
    public String me;

    /** control/rcpthosts: each line a domain, or {@code .domain} for its subdomains (qmail-smtpd's rule). */
    public MemoryControlFiles rcptHosts(String... lines) {
        rcptHosts = new HashSet<>();
        for (String line : lines) {
            rcptHosts.add(line.toLowerCase(Locale.ROOT));
        }
        return this;
    }

    public MemoryControlFiles locals(String... domains) {
        for (String d : domains) {
            locals.add(d.toLowerCase(Locale.ROOT));
        }
        return this;
    }

    public MemoryControlFiles percentHack(String... domains) {
        for (String d : domains) {
            percentHack.add(d.toLowerCase(Locale.ROOT));
        }
        return this;
    }

    /** Lines of virtualdomains, {@code key:prepend}; the first line for a key wins, as in constmap. */
    public MemoryControlFiles virtualDomains(String... lines) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon >= 0) {
                virtualDomains.putIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1));
            }
        }
        return this;
    }

    @Override
    public boolean isLocal(String domain) {
        return locals.contains(domain.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean isPercentHack(String domain) {
        return percentHack.contains(domain.toLowerCase(Locale.ROOT));
    }

    @Override
    public Optional<VirtualDomain> virtualDomain(String address) {
        MailAddress a = MailAddress.parse(address.toLowerCase(Locale.ROOT));
        String domain = a.hasAt() ? a.domain() : a.local();
        if (a.hasAt() && virtualDomains.containsKey(a.text())) {
            return hit(a.text());
        }
        if (virtualDomains.containsKey(domain)) {
            return hit(domain);
        }
        for (int i = 0; i < domain.length(); i++) {
            if (domain.charAt(i) == '.' && virtualDomains.containsKey(domain.substring(i))) {
                return hit(domain.substring(i));
            }
        }
        return virtualDomains.containsKey("") ? hit("") : Optional.empty();
    }

    private Optional<VirtualDomain> hit(String key) {
        return Optional.of(new VirtualDomain(key, virtualDomains.get(key)));
    }

    @Override
    public String envNoAtHost() {
        return envNoAtHost;
    }

    @Override
    public String bounceFrom() {
        return bounceFrom;
    }

    @Override
    public String bounceHost() {
        return bounceHost;
    }

    @Override
    public String doubleBounceTo() {
        return doubleBounceTo;
    }

    @Override
    public String doubleBounceHost() {
        return doubleBounceHost;
    }

    @Override
    public long queueLifetime() {
        return queueLifetime;
    }

    @Override
    public Path home() {
        if (home == null) {
            throw new UnsupportedOperationException("home");
        }
        return home;
    }

    @Override
    public Path directory() {
        throw new UnsupportedOperationException("directory");
    }

    @Override
    public long generation() {
        throw new UnsupportedOperationException("generation");
    }

    @Override
    public Set<String> reload() {
        throw new UnsupportedOperationException("reload");
    }

    @Override
    public Set<String> refresh(Set<String> names) {
        throw new UnsupportedOperationException("refresh");
    }

    @Override
    public Optional<String> line(String name) {
        throw new UnsupportedOperationException("line");
    }

    @Override
    public OptionalLong number(String name) {
        throw new UnsupportedOperationException("number");
    }

    @Override
    public Optional<List<String>> list(String name) {
        throw new UnsupportedOperationException("list");
    }

    @Override
    public Optional<String> me() {
        return Optional.ofNullable(me);
    }

    @Override
    public String defaultDomain() {
        throw new UnsupportedOperationException("defaultDomain");
    }

    @Override
    public String defaultHost() {
        throw new UnsupportedOperationException("defaultHost");
    }

    @Override
    public String idHost() {
        throw new UnsupportedOperationException("idHost");
    }

    @Override
    public String plusDomain() {
        throw new UnsupportedOperationException("plusDomain");
    }

    @Override
    public Optional<String> heloHost() {
        throw new UnsupportedOperationException("heloHost");
    }

    @Override
    public Optional<String> localIpHost() {
        throw new UnsupportedOperationException("localIpHost");
    }

    @Override
    public Optional<String> smtpGreeting() {
        throw new UnsupportedOperationException("smtpGreeting");
    }

    @Override
    public String defaultDelivery() {
        throw new UnsupportedOperationException("defaultDelivery");
    }

    @Override
    public int concurrencyLocal() {
        return concurrencyLocal;
    }

    @Override
    public int concurrencyRemote() {
        return concurrencyRemote;
    }

    @Override
    public int concurrencyIncoming() {
        throw new UnsupportedOperationException("concurrencyIncoming");
    }

    @Override
    public long databytes() {
        throw new UnsupportedOperationException("databytes");
    }

    @Override
    public int timeoutConnect() {
        throw new UnsupportedOperationException("timeoutConnect");
    }

    @Override
    public int timeoutRemote() {
        throw new UnsupportedOperationException("timeoutRemote");
    }

    @Override
    public int timeoutSmtpd() {
        throw new UnsupportedOperationException("timeoutSmtpd");
    }

    @Override
    public Optional<Set<String>> locals() {
        throw new UnsupportedOperationException("locals");
    }

    @Override
    public boolean isBadMailFrom(String sender) {
        throw new UnsupportedOperationException("isBadMailFrom");
    }

    @Override
    public boolean hasRcptHosts() {
        return rcptHosts != null;
    }

    // qmail-smtpd's addrallowed: the domain itself, or any of its parent domains written with a leading dot.
    @Override
    public boolean isRcptHost(String domain) {
        if (rcptHosts == null) {
            throw new UnsupportedOperationException("isRcptHost: no rcptHosts set");
        }
        String lower = domain.toLowerCase(Locale.ROOT);
        if (rcptHosts.contains(lower)) {
            return true;
        }
        for (int dot = lower.indexOf('.'); dot >= 0; dot = lower.indexOf('.', dot + 1)) {
            if (rcptHosts.contains(lower.substring(dot))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<SmtpRoute> smtpRoute(String domain) {
        throw new UnsupportedOperationException("smtpRoute");
    }

    @Override
    public List<String> qmqpServers() {
        throw new UnsupportedOperationException("qmqpServers");
    }
}
