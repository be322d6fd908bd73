package org.tessera.access.internal;

import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.ConnectionDecision;
import org.tessera.api.policy.ConnectionRules;

/**
 * Connection rules for every listener from {@code control/tcp.LISTENER.cdb}, as tcpserver {@code -x}
 * reads them (tcpserver(1), tcprules(1)): the {@code smtp} listener uses {@code tcp.smtp.cdb}, and so on.
 * A missing file allows everyone, except for the listeners configured as loopback only (QMQP).
 * A rebuilt file is seen at the next connection, without restarting this component.
 */
// Ranked TCPRULES_RANKING and always answering, so it ends the chain and a plugin ranked higher speaks first.
@Component(service = ConnectionRules.class, configurationPid = TcpRulesConnectionRules.PID)
@Ranking(ConnectionRules.TCPRULES_RANKING)
@Designate(ocd = TcpRulesConnectionRulesConfiguration.class)
public final class TcpRulesConnectionRules implements ConnectionRules {

    static final String PID = "org.tessera.access";

    @Reference
    ControlFiles control;

    @Reference
    CdbFiles cdbFiles;

    private RulesByListener rules;
    private volatile Set<String> loopbackOnly = Set.of();

    @Activate
    void activate(TcpRulesConnectionRulesConfiguration config) {
        rules = new RulesByListener(control.directory(), cdbFiles);
        modified(config);
    }

    @Modified
    void modified(TcpRulesConnectionRulesConfiguration config) {
        loopbackOnly = Set.of(config.loopbackOnlyWithoutRules());
    }

    @Deactivate
    void deactivate() {
        rules.close();
    }

    @Override
    public ConnectionDecision check(ClientInfo client) {
        return rules.check(client, loopbackOnly);
    }
}
