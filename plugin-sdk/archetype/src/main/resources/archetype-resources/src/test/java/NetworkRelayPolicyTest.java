package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.Verdict;
import org.tessera.testkit.TestTransaction;

class NetworkRelayPolicyTest {

    private static final MailAddress ELSEWHERE = MailAddress.parse("friend@elsewhere.test");

    private static NetworkRelayPolicy policy(String... networks) throws Exception {
        NetworkRelayPolicy policy = new NetworkRelayPolicy();
        policy.activate(Converters.standardConverter().convert(Map.of("networks", networks))
                .to(NetworkRelayPolicyConfiguration.class));
        return policy;
    }

    @Test
    void acceptsClientsOfTheNetworksOnly() throws Exception {
        NetworkRelayPolicy policy = policy("192.0.2.0/24", "2001:db8::/32");

        assertEquals(Verdict.ACCEPT, policy.check(TestTransaction.from("192.0.2.77").build(), ELSEWHERE));
        assertEquals(Verdict.ACCEPT, policy.check(TestTransaction.from("2001:db8::25").build(), ELSEWHERE));
        assertEquals(Verdict.NO_OPINION, policy.check(TestTransaction.from("192.0.3.1").build(), ELSEWHERE));
        assertEquals(Verdict.NO_OPINION, policy.check(TestTransaction.from("2001:db9::1").build(), ELSEWHERE));
    }

    @Test
    void refusesANetworkThatIsNotOne() {
        assertThrows(IllegalArgumentException.class, () -> policy("192.0.2.0"));
        assertThrows(IllegalArgumentException.class, () -> policy("192.0.2.0/33"));
        assertThrows(IllegalArgumentException.class, () -> policy("mail.example.com/24"));
    }
}
