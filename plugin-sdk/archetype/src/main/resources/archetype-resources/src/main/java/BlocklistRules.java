package ${package};

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.ConnectionDecision;
import org.tessera.api.policy.ConnectionRules;

/**
 * Refuses connections from blocked clients before a byte is read: an entry is an address ({@code 192.0.2.7})
 * or, ending in a dot or colon, a prefix of addresses ({@code 198.51.100.}), as tcprules writes them. For
 * every other client it has no opinion and the listener's tcprules decide. Ranked above tcprules, so it
 * speaks first; optionally for some listeners only ({@code smtp}, {@code pop3}, {@code submission}: the {@code name} of its configuration).
 *
 * <p>Called once per connection on the listener's hook threads: the lists are fixed per configuration.
 */
@Component(service = ConnectionRules.class, configurationPid = BlocklistRules.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Ranking(ConnectionRules.TCPRULES_RANKING + 100)
@Designate(ocd = BlocklistRulesConfiguration.class)
public final class BlocklistRules implements ConnectionRules {

    /** The configuration's PID: {@code etc/PID.cfg} in Tessera's home. */
    static final String PID = "${package}.blocklist";

    private List<String> blocked;
    private List<String> listeners;

    @Activate
    void activate(BlocklistRulesConfiguration config) {
        for (String entry : config.blocked()) {
            if (!entry.matches("[0-9a-fA-F.:]+")) {
                throw new IllegalArgumentException("not an address or a prefix of addresses: " + entry);
            }
        }
        blocked = List.of(config.blocked());
        listeners = List.of(config.listeners());
    }

    @Override
    public ConnectionDecision check(ClientInfo client) {
        if (!listeners.isEmpty() && !listeners.contains(client.listener())) {
            return ConnectionDecision.NO_OPINION;
        }
        String address = client.remoteIp();
        for (String entry : blocked) {
            boolean prefix = entry.endsWith(".") || entry.endsWith(":");
            if (prefix ? address.startsWith(entry) : address.equals(entry)) {
                return ConnectionDecision.DENY;
            }
        }
        return ConnectionDecision.NO_OPINION;
    }
}
