package org.tessera.listener;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.api.policy.ConnectionRules;
import org.tessera.common.services.RankedServices;

/**
 * The {@link ConnectionRules} services as every listener asks them, highest ranking first: one
 * component for all listeners, so each takes the chain with one reference instead of tracking the
 * services itself. Services come and go while listeners run; each connection reads the chain as it
 * stands.
 */
@Component(service = ConnectionRulesChain.class)
public final class ConnectionRulesChain {

    private final RankedServices<ConnectionRules> rules = new RankedServices<>();

    /** The services now, highest ranking first; for {@link TcpServer.Builder#rules}. */
    public List<ConnectionRules> rules() {
        return rules.services();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindRules", updated = "bindRules")
    void bindRules(ConnectionRules service, Map<String, Object> properties) {
        rules.bind(service, properties);
    }

    void unbindRules(ConnectionRules service) {
        rules.unbind(service);
    }
}
