package org.tessera.control.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.control.CdbTable;
import org.tessera.api.control.ControlChangeListener;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.control.SmtpRoute;
import org.tessera.api.control.VirtualDomain;
import org.tessera.common.cdb.CdbReader;
import org.tessera.common.home.TesseraHome;

/** The control files of the home, read on first use and cached until {@link #reload()}. */
// Immediate, because activation is also what creates a missing home: one component does both steps,
// so nothing can read the home before its layout exists, and no extra service is needed to order them.
@Component(service = ControlFiles.class, immediate = true, configurationPid = ControlFilesService.PID)
@Designate(ocd = ControlFilesServiceConfiguration.class)
public final class ControlFilesService implements ControlFiles {

    static final String PID = "org.tessera.control";

    private static final Logger LOG = LoggerFactory.getLogger(ControlFilesService.class);
    private static final Duration HOST_NAME_WAIT = Duration.ofSeconds(1);

    // SCR replaces the whole list on each change; package-private so that tests bind listeners the same way.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<ControlChangeListener> listeners = List.of();

    private final Object lock = new Object();
    private volatile Path home;
    private volatile ControlReader reader;
    private volatile ControlValues values;

    // Reads no control file: the first accessor does, so an unreadable file fails that caller (qmail's
    // temporary "unable to read controls") rather than the component, and activation stays fast.
    @Activate
    void activate(ControlFilesServiceConfiguration config) {
        Path home = TesseraHome.ofServer(config.home());
        if (config.createHome()) {
            new HomeLayout(home, () -> HostName.detect(HOST_NAME_WAIT),
                    HomeLayout.aliasOwnerForRoot(Path.of("/etc/passwd"))).createMissing();
        }
        this.home = home;
        reader = new ControlReader(home.resolve("control"));
    }

    @Override
    public Set<String> reload() {
        synchronized (lock) {
            if (values == null) {
                values = load(ControlSnapshot.read(reader), null, Set.of());
                return Set.of();
            }
        }
        return replace(old -> ControlSnapshot.read(reader));
    }

    @Override
    public Set<String> refresh(Set<String> names) {
        ControlValues current = values();
        if (current.snapshot.refreshed(reader, names) == current.snapshot) {
            return Set.of(); // the common case, without the lock: nothing changed
        }
        return replace(old -> old.refreshed(reader, names));
    }

    // Takes the new snapshot under the lock, then tells the listeners outside it.
    private Set<String> replace(UnaryOperator<ControlSnapshot> next) {
        Set<String> changed;
        synchronized (lock) {
            ControlValues old = values();
            ControlSnapshot snapshot = next.apply(old.snapshot);
            changed = Collections.unmodifiableSet(snapshot.changedSince(old.snapshot));
            if (changed.isEmpty()) {
                return changed;
            }
            values = load(snapshot, old, changed);
        }
        LOG.info("control files changed: {}", changed);
        // Outside the lock, so a slow listener holds up no other reload; the field is read once.
        for (ControlChangeListener listener : listeners) {
            try {
                listener.controlFilesChanged(this, changed);
            } catch (RuntimeException e) {
                LOG.warn("control change listener {} failed", listener, e);
            }
        }
        return changed;
    }

    private ControlValues values() {
        ControlValues current = values;
        if (current == null) {
            synchronized (lock) {
                current = values;
                if (current == null) {
                    current = load(ControlSnapshot.read(reader), null, Set.of());
                    values = current;
                }
            }
        }
        return current;
    }

    private ControlValues load(ControlSnapshot snapshot, ControlValues old, Set<String> changed) {
        String cdb = ControlSnapshot.MORERCPTHOSTS_CDB;
        Optional<CdbTable> moreRcptHosts = Optional.empty();
        if (old != null && !changed.contains(cdb)) {
            moreRcptHosts = old.moreRcptHosts;
        } else if (snapshot.exists(cdb)) {
            try {
                // The replaced table is not closed: it is mapped and holds no descriptor, a lookup may
                // still be running in it, and the collector unmaps it once nothing refers to it.
                moreRcptHosts = CdbReader.open(reader.file(cdb));
            } catch (IOException e) {
                throw reader.unreadable(cdb, e);
            }
        }
        return new ControlValues(snapshot, moreRcptHosts, old == null ? 1 : old.generation + 1);
    }

    @Override public Path home() { return home; }
    @Override public Path directory() { return reader.directory(); }
    @Override public long generation() { return values().generation; }
    @Override public Optional<String> line(String name) { return reader.line(name); }
    @Override public OptionalLong number(String name) { return reader.number(name); }
    @Override public Optional<List<String>> list(String name) { return reader.list(name); }
    @Override public Optional<String> me() { return values().me; }
    @Override public String bounceFrom() { return values().bounceFrom; }
    @Override public String bounceHost() { return values().bounceHost; }
    @Override public String doubleBounceTo() { return values().doubleBounceTo; }
    @Override public String doubleBounceHost() { return values().doubleBounceHost; }
    @Override public String envNoAtHost() { return values().envNoAtHost; }
    @Override public String defaultDomain() { return values().defaultDomain; }
    @Override public String defaultHost() { return values().defaultHost; }
    @Override public String idHost() { return values().idHost; }
    @Override public String plusDomain() { return values().plusDomain; }
    @Override public Optional<String> heloHost() { return values().heloHost; }
    @Override public Optional<String> localIpHost() { return values().localIpHost; }
    @Override public Optional<String> smtpGreeting() { return values().smtpGreeting; }
    @Override public String defaultDelivery() { return values().defaultDelivery; }
    @Override public int concurrencyLocal() { return values().concurrencyLocal; }
    @Override public int concurrencyRemote() { return values().concurrencyRemote; }
    @Override public int concurrencyIncoming() { return values().concurrencyIncoming; }
    @Override public long databytes() { return values().databytes; }
    @Override public long queueLifetime() { return values().queueLifetime; }
    @Override public int timeoutConnect() { return values().timeoutConnect; }
    @Override public int timeoutRemote() { return values().timeoutRemote; }
    @Override public int timeoutSmtpd() { return values().timeoutSmtpd; }
    @Override public Optional<Set<String>> locals() { return values().locals; }
    @Override public List<String> qmqpServers() { return values().qmqpServers; }
    @Override public boolean hasRcptHosts() { return values().rcptHosts.exists(); }
    @Override public boolean isBadMailFrom(String sender) { return values().badMailFrom.matches(sender); }
    @Override public Optional<VirtualDomain> virtualDomain(String address) { return values().virtualDomains.find(address); }
    @Override public Optional<SmtpRoute> smtpRoute(String domain) { return values().smtpRoutes.find(domain); }

    @Override
    public boolean isLocal(String domain) {
        return values().locals.map(locals -> locals.contains(ControlParsers.lower(domain))).orElse(false);
    }

    @Override
    public boolean isPercentHack(String domain) {
        return values().percentHack.contains(ControlParsers.lower(domain));
    }

    @Override
    public boolean isRcptHost(String domain) {
        try {
            return values().rcptHosts.matches(domain);
        } catch (IOException e) {
            throw reader.unreadable(ControlSnapshot.MORERCPTHOSTS_CDB, e);
        }
    }
}
