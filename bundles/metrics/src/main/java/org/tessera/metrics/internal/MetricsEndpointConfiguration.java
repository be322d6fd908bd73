package org.tessera.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link MetricsEndpoint}: where {@code /metrics} is served. */
@ObjectClassDefinition(
        id = MetricsEndpoint.PID,
        name = "Tessera metrics endpoint",
        description = "The HTTP endpoint /metrics in Prometheus's text format, on a loopback address unless allowed"
                + " otherwise.")
@interface MetricsEndpointConfiguration {

    @AttributeDefinition(
            name = "Port",
            description = "The TCP port (bin/tessera: TESSERA_METRICS_PORT, default 2954); 0 serves nothing.")
    int port() default MetricsEndpoint.DEFAULT_PORT;

    @AttributeDefinition(
            name = "Address",
            description = "The address to listen on; one that is not a loopback address (127.0.0.1, ::1) is refused"
                    + " unless allowRemote is true.")
    String bind() default "127.0.0.1";

    @AttributeDefinition(
            name = "Allow remote",
            description = "Serve the metrics on an address other hosts reach. The metrics tell about the server's"
                    + " traffic: put a firewall or a proxy with authentication in front.")
    boolean allowRemote() default false;
}
