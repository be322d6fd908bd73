package org.tessera.listener;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.api.maillog.MailLog;
import org.tessera.api.metrics.Metrics;
import org.tessera.api.policy.ConnectionRules;
import org.tessera.common.maillog.MailLogBuffer;
import org.tessera.common.services.RankedServices;

/**
 * The services every listener's tcpserver part uses, tracked once for all listeners: the
 * {@link ConnectionRules} chain, highest ranking first, the {@link MailLog}, whose lines wait
 * while it is away, and the {@link Metrics} service, if one runs. Services come and go while listeners run; each connection reads them as they stand.
 */
@Component(service = ListenerServices.class)
public final class ListenerServices {

    private final RankedServices<ConnectionRules> rules = new RankedServices<>();
    private final MailLogBuffer mailLog = new MailLogBuffer(Clock.systemUTC());
    private final ListenerMeters meters = new ListenerMeters();

    /** The connection-rules services now, highest ranking first; for {@link TcpServer.Builder#rules}. */
    public List<ConnectionRules> rules() {
        return rules.services();
    }

    /** The mail log, which keeps lines while the service is away; for {@link TcpServer.Builder#mailLog}. */
    public MailLog mailLog() {
        return mailLog;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindRules", updated = "bindRules")
    void bindRules(ConnectionRules service, Map<String, Object> properties) {
        rules.bind(service, properties);
    }

    void unbindRules(ConnectionRules service) {
        rules.unbind(service);
    }

    /** What the listeners measure; for {@link TcpServer.Builder#measuredBy}. */
    ListenerMeters meters() {
        return meters;
    }

    /**
     * Tells {@code watcher} of the metrics service now and whenever it comes or goes (one that records
     * nothing while none runs), until the returned stop is run: a listener measures its hook calls
     * with it ({@code HookCalls.measure}). Only api types cross here: each bundle has its own copy of
     * Tessera's shared internals.
     */
    public Runnable onMetrics(Consumer<Metrics> watcher) {
        return meters.watch(watcher);
    }

    /** The metrics service now, or one that records nothing while none runs. */
    public Metrics metrics() {
        return meters.metrics();
    }

    /** The metrics service came (by DS, or by hand outside DS). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMetrics")
    public void bindMetrics(Metrics service) {
        meters.bind(service);
    }

    /** The metrics service went: nothing is recorded until one comes. */
    public void unbindMetrics(Metrics service) {
        meters.unbind(service);
    }

    /** The mail log came (by DS, or by hand for a listener used outside DS). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMailLog")
    public void bindMailLog(MailLog service) {
        mailLog.bind(service);
    }

    /** The mail log went; lines wait for the next one. */
    public void unbindMailLog(MailLog service) {
        mailLog.unbind(service);
    }
}
