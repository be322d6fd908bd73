package org.tessera.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.List;

import io.netty.channel.ConnectTimeoutException;

import org.junit.jupiter.api.Test;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;

/** The words a deferral for no connection gives after qmail-remote's text: each address and why. */
class ReportsTest {

    @Test
    void eachAddressSaysWhyInAFewWords() {
        assertEquals("timed out", Reports.connectFailure(new ConnectTimeoutException("connection timed out: /192.0.2.1:25")));
        assertEquals("connection refused", Reports.connectFailure(new ConnectException("Connection refused: /192.0.2.1:25")));
        assertEquals("no route to host", Reports.connectFailure(new NoRouteToHostException("No route to host")));
        assertEquals(new DeliveryReport(Outcome.TEMPORARY, "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)\n"
                + "192.0.2.1:25 timed out; 192.0.2.2:25 connection refused\n"),
                Reports.noConnection(List.of("192.0.2.1:25 timed out", "192.0.2.2:25 connection refused")));
        assertEquals(Reports.NO_CONNECTION, Reports.noConnection(List.of()));
    }
}
