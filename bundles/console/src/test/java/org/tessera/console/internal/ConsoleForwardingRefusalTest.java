package org.tessera.console.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.junit.jupiter.api.Test;

class ConsoleForwardingRefusalTest {

    private static final SshdSocketAddress ANYWHERE = new SshdSocketAddress("0.0.0.0", 2525);

    @Test
    void theConsoleRefusesToListenOrConnectForAClient() {
        SshServer console = SshServer.setUpDefaultServer();
        // As Karaf sets it up.
        console.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);

        new ConsoleForwardingRefusal().bindConsole(console);

        assertFalse(console.getForwardingFilter().canListen(ANYWHERE, null), "ssh -R");
        assertFalse(console.getForwardingFilter().canConnect(TcpForwardingFilter.Type.Direct, ANYWHERE, null), "ssh -L");
        assertFalse(console.getForwardingFilter().canForwardAgent(null, "auth-agent-req@openssh.com"), "ssh -A");
    }
}
