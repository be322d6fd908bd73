package org.tessera.console.internal;

import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses port forwarding (and agent and X11 forwarding with it) on the admin console's ssh server.
 * Karaf's accepts every request and has no setting for it, so a console login could make the server
 * listen on any address and port ({@code ssh -R 0.0.0.0:PORT:...}) or connect anywhere from it
 * ({@code ssh -L}): the console is for commands, and the server listens on its configured ports only.
 * Karaf registers a new ssh server whenever its configuration changes; each one is given the filter
 * as it is registered.
 */
@Component
public final class ConsoleForwardingRefusal {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleForwardingRefusal.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConsole(SshServer console) {
        console.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        LOG.info("port forwarding refused on the admin console's ssh server (port {})", console.getPort());
    }

    void unbindConsole(SshServer console) {
        // nothing to undo: the server is gone
    }
}
