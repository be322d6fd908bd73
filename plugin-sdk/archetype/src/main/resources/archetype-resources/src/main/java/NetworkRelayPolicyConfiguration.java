package ${package};

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The network relay policy's settings ({@code etc/PID.cfg}). */
@ObjectClassDefinition(name = "Network relay policy", description = "Clients of these networks may relay")
public @interface NetworkRelayPolicyConfiguration {

    @AttributeDefinition(description = "Networks ADDRESS/BITS, IPv4 or IPv6, e.g. 192.0.2.0/24")
    String[] networks();
}
