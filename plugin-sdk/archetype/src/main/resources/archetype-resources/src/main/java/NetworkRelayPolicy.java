package ${package};

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.Verdict;

/**
 * Lets clients of the configured networks ({@code 192.0.2.0/24}, {@code 2001:db8::/32}) relay, as
 * {@code RELAYCLIENT} does for tcprules' entries; for every other client it has no opinion, and qmail's rule
 * ({@code rcpthosts}) decides. Ranked above the built-in policy, so it speaks first.
 *
 * <p>Called on the listener's hook threads, many sessions at once: the networks are parsed once per
 * configuration and only read afterwards.
 */
@Component(service = RelayPolicy.class, configurationPid = NetworkRelayPolicy.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Ranking(RelayPolicy.RELAY_RANKING + 100)
@Designate(ocd = NetworkRelayPolicyConfiguration.class)
public final class NetworkRelayPolicy implements RelayPolicy {

    /** The configuration's PID: {@code etc/PID.cfg} in Tessera's home. */
    static final String PID = "${package}.relay";

    private record Network(byte[] prefix, int bits) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int shift = address.length * 8 - bits;
            return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, prefix).shiftRight(shift));
        }
    }

    private List<Network> networks;

    @Activate
    void activate(NetworkRelayPolicyConfiguration config) throws UnknownHostException {
        List<Network> parsed = new ArrayList<>();
        for (String network : config.networks()) {
            String[] parts = network.trim().split("/", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F.:]+")) {
                throw new IllegalArgumentException("not ADDRESS/BITS: " + network);
            }
            // Only literals reach getByName, so it never asks DNS.
            byte[] prefix = InetAddress.getByName(parts[0]).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (bits < 0 || bits > prefix.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + network);
            }
            parsed.add(new Network(prefix, bits));
        }
        networks = List.copyOf(parsed);
    }

    @Override
    public Verdict check(MailTransaction transaction, MailAddress recipient) {
        byte[] client;
        try {
            client = InetAddress.getByName(transaction.client().remoteIp()).getAddress();
        } catch (UnknownHostException e) {
            return Verdict.NO_OPINION;
        }
        return networks.stream().anyMatch(network -> network.contains(client)) ? Verdict.ACCEPT : Verdict.NO_OPINION;
    }
}
