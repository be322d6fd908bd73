package org.tessera.access.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link TcpRulesConnectionRules}. */
@ObjectClassDefinition(
        id = TcpRulesConnectionRules.PID,
        name = "Tessera connection rules (tcprules)",
        description = "Who may connect to each listener, from control/tcp.LISTENER.cdb as tcpserver -x reads it.")
@interface TcpRulesConnectionRulesConfiguration {

    @AttributeDefinition(
            name = "Loopback only without rules",
            description = "Listeners that, while their tcp.LISTENER.cdb is missing, accept clients on loopback"
                    + " addresses only (127.0.0.0/8, ::1) instead of everyone. QMQP injects mail unchecked,"
                    + " so it is here by default.")
    String[] loopbackOnlyWithoutRules() default {"qmqp"};
}
