package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;
import org.tessera.api.policy.ConnectionDecision;
import org.tessera.testkit.TestTransaction;

class BlocklistRulesTest {

    private static BlocklistRules rules(Map<String, Object> config) {
        BlocklistRules rules = new BlocklistRules();
        rules.activate(Converters.standardConverter().convert(config).to(BlocklistRulesConfiguration.class));
        return rules;
    }

    private static ConnectionDecision from(BlocklistRules rules, String listener, String address) {
        return rules.check(TestTransaction.from(address).listener(listener).build().client());
    }

    @Test
    void deniesBlockedAddressesAndPrefixes() {
        BlocklistRules rules = rules(Map.of("blocked", new String[] {"192.0.2.7", "198.51.100."}));

        assertEquals(ConnectionDecision.DENY, from(rules, "smtp", "192.0.2.7"));
        assertEquals(ConnectionDecision.DENY, from(rules, "pop3", "198.51.100.200"));
        assertEquals(ConnectionDecision.NO_OPINION, from(rules, "smtp", "192.0.2.70"));
        assertEquals(ConnectionDecision.NO_OPINION, from(rules, "smtp", "198.51.101.1"));
    }

    @Test
    void appliesToTheListedListenersOnly() {
        BlocklistRules rules = rules(Map.of("blocked", new String[] {"192.0.2.7"}, "listeners", new String[] {"smtp"}));

        assertEquals(ConnectionDecision.DENY, from(rules, "smtp", "192.0.2.7"));
        assertEquals(ConnectionDecision.NO_OPINION, from(rules, "pop3", "192.0.2.7"));
    }

    @Test
    void refusesAnEntryThatIsNoAddress() {
        assertThrows(IllegalArgumentException.class, () -> rules(Map.of("blocked", new String[] {"mail.example.com"})));
    }
}
