package org.tessera.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;

/**
 * Where mail goes: a real dnsmasq serving MX, A and CNAME records, scripted peers on distinct
 * loopback addresses (127.0.0.2, .3 …; 127.0.0.4 has nobody listening), and smtproutes.
 */
class MxRoutingTest {

    @TempDir
    Path dir;
    private final TestControls controls = new TestControls();
    private final List<AutoCloseable> running = new ArrayList<>();
    private RemoteChannel channel;
    private int port;

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.deactivate();
        }
        for (AutoCloseable c : running) {
            c.close();
        }
    }

    private void dns(String... records) throws Exception {
        port = Tools.freePort("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");
        Dnsmasq dns = Dnsmasq.start(dir, records);
        running.add(dns);
        channel = Channels.start(controls, Map.of("dns", dns.address(), "port", port));
    }

    /** A peer that accepts every message and says who it is in its final reply. */
    private ScriptedPeer accepting(String address, int peerPort) throws Exception {
        ScriptedPeer peer = ScriptedPeer.start(address, peerPort, c -> {
            c.reply("220 " + address);
            for (String reply : new String[] {"250 hi", "250 ok", "250 ok", "354 go"}) {
                c.line();
                c.reply(reply);
            }
            c.data();
            c.reply("250 delivered by " + address);
            c.awaitClose();
        });
        running.add(peer);
        return peer;
    }

    private DeliveryReport deliver(String recipient) throws Exception {
        return Channels.deliver(channel, "joe@sender.test", recipient, "hello\n");
    }

    private static DeliveryReport accepted(String ip) {
        return new DeliveryReport(Outcome.SUCCESS, ip + " accepted message.\nRemote host said: 250 delivered by " + ip + "\n");
    }

    @Test
    void theBestPreferenceIsTriedFirst() throws Exception {
        dns("mx-host=pref.test,mx20.pref.test,20", "mx-host=pref.test,mx10.pref.test,10",
                "host-record=mx10.pref.test,127.0.0.3", "host-record=mx20.pref.test,127.0.0.2");
        accepting("127.0.0.2", port);
        accepting("127.0.0.3", port);
        assertEquals(accepted("127.0.0.3"), deliver("box@pref.test"));
    }

    @Test
    void aRefusedConnectionMovesOnToTheNextMx() throws Exception {
        dns("mx-host=next.test,down.next.test,10", "mx-host=next.test,up.next.test,20",
                "host-record=down.next.test,127.0.0.4", "host-record=up.next.test,127.0.0.2");
        accepting("127.0.0.2", port);
        assertEquals(accepted("127.0.0.2"), deliver("box@next.test"));
    }

    @Test
    void onceConnectedThereIsNoFallbackToAnotherMx() throws Exception {
        dns("mx-host=once.test,first.once.test,10", "mx-host=once.test,second.once.test,20",
                "host-record=first.once.test,127.0.0.2", "host-record=second.once.test,127.0.0.3");
        ScriptedPeer refusing = ScriptedPeer.start("127.0.0.2", port, c -> {
            c.reply("421 busy");
            c.awaitClose();
        });
        running.add(refusing);
        ScriptedPeer second = accepting("127.0.0.3", port);
        assertEquals(new DeliveryReport(Outcome.TEMPORARY,
                "Connected to 127.0.0.2 but greeting failed.\nRemote host said: 421 busy\n"), deliver("box@once.test"));
        assertEquals(0, second.connections.get());
    }

    @Test
    void equalPreferencesAreShuffled() throws Exception {
        dns("mx-host=equal.test,a.equal.test,10", "mx-host=equal.test,b.equal.test,10",
                "host-record=a.equal.test,127.0.0.2", "host-record=b.equal.test,127.0.0.3");
        accepting("127.0.0.2", port);
        accepting("127.0.0.3", port);
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 30 && used.size() < 2; i++) {
            used.add(deliver("box@equal.test").text().substring(0, 9));
        }
        assertEquals(Set.of("127.0.0.2", "127.0.0.3"), used);
    }

    @Test
    void aDomainWithoutMxGetsItsAddress() throws Exception {
        dns("host-record=plain.test,127.0.0.2");
        accepting("127.0.0.2", port);
        assertEquals(accepted("127.0.0.2"), deliver("box@plain.test"));
    }

    @Test
    void aCnameIsFollowed() throws Exception {
        dns("cname=alias.test,real.test", "mx-host=real.test,mx.real.test,10", "host-record=mx.real.test,127.0.0.2");
        ScriptedPeer peer = accepting("127.0.0.2", port);
        assertEquals(accepted("127.0.0.2"), deliver("box@alias.test"));
        peer.awaitScripts();
        assertTrue(peer.received.contains("RCPT TO:<box@alias.test>"), peer.received.toString());
    }

    @Test
    void anMxHostThatIsACnameIsFollowed() throws Exception {
        dns("mx-host=mxalias.test,mail.mxalias.test,10", "cname=mail.mxalias.test,host.mxalias.test",
                "host-record=host.mxalias.test,127.0.0.3");
        accepting("127.0.0.3", port);
        assertEquals(accepted("127.0.0.3"), deliver("box@mxalias.test"));
    }

    @Test
    void smtproutesOverridesTheMxWithItsRelayAndPort() throws Exception {
        dns("mx-host=routed.test,mx.routed.test,10", "host-record=mx.routed.test,127.0.0.2",
                "host-record=relay.test,127.0.0.5");
        int relayPort = Tools.freePort("127.0.0.5");
        accepting("127.0.0.5", relayPort);
        ScriptedPeer mx = accepting("127.0.0.2", port);
        controls.routes("routed.test:relay.test:" + relayPort);
        assertEquals(accepted("127.0.0.5"), deliver("box@routed.test"));
        assertEquals(0, mx.connections.get());
    }

    @Test
    void aSuffixRouteAppliesToSubdomainsAndAnEmptyRelayMeansMx() throws Exception {
        dns("mx-host=sub.wild.test,mx.sub.wild.test,10", "host-record=mx.sub.wild.test,127.0.0.2",
                "mx-host=except.wild.test,mx.except.wild.test,10", "host-record=mx.except.wild.test,127.0.0.3");
        int relayPort = Tools.freePort("127.0.0.5");
        accepting("127.0.0.5", relayPort);
        accepting("127.0.0.3", port);
        controls.routes("except.wild.test:", ".wild.test:[127.0.0.5]:" + relayPort);
        assertEquals(accepted("127.0.0.5"), deliver("box@sub.wild.test"));
        assertEquals(accepted("127.0.0.3"), deliver("box@except.wild.test"));
    }

    @Test
    void aRelayWithoutAddressIsNamedInTheFailure() throws Exception {
        dns("host-record=other.test,127.0.0.2");
        controls.routes("x.test:norelay.test:2525");
        assertEquals(new DeliveryReport(Outcome.PERMANENT,
                "Sorry, I couldn't find any host named norelay.test. (#5.1.2)\n"), deliver("box@x.test"));
    }

    @Test
    void anUnknownDomainIsPermanent() throws Exception {
        dns("host-record=other.test,127.0.0.2");
        assertEquals(new DeliveryReport(Outcome.PERMANENT,
                "Sorry, I couldn't find any host named nosuch.test. (#5.1.2)\n"), deliver("box@nosuch.test"));
    }

    @Test
    void aDnsServerThatCannotAnswerIsTemporary() throws Exception {
        dns("host-record=other.test,127.0.0.2");
        // Outside .test this dnsmasq has no upstream and refuses.
        assertEquals(new DeliveryReport(Outcome.TEMPORARY,
                "Sorry, I couldn't find any host by that name. (#4.1.2)\n"), deliver("box@elsewhere.example"));
    }

    @Test
    void mxHostsWithoutAddressesLeaveNoMailExchanger() throws Exception {
        dns("mx-host=broken.test,gone.broken.test,10", "host-record=other.test,127.0.0.2");
        assertEquals(new DeliveryReport(Outcome.PERMANENT,
                "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)\n"), deliver("box@broken.test"));
    }

    @Test
    void beingTheBestMxIsPermanent() throws Exception {
        dns("mx-host=me.test,self.me.test,10", "mx-host=me.test,backup.me.test,20",
                "host-record=self.me.test,127.0.0.1", "host-record=backup.me.test,127.0.0.2");
        assertEquals(new DeliveryReport(Outcome.PERMANENT,
                "Sorry. Although I'm listed as a best-preference MX or A for that host,\n"
                        + "it isn't in my control/locals file, so I don't treat it as local. (#5.4.6)\n"),
                deliver("box@me.test"));
    }

    @Test
    void aBackupMxDeliversOnlyToBetterPreferences() throws Exception {
        dns("mx-host=backup.test,primary.backup.test,5", "mx-host=backup.test,self.backup.test,10",
                "host-record=primary.backup.test,127.0.0.2", "host-record=self.backup.test,127.0.0.1");
        accepting("127.0.0.2", port);
        assertEquals(accepted("127.0.0.2"), deliver("box@backup.test"));
    }

    @Test
    void aRouteDisablesTheSelfMxRule() throws Exception {
        dns("host-record=other.test,127.0.0.2");
        controls.routes("self.test:127.0.0.2:" + port);
        channel.deactivate();
        channel = Channels.start(controls, Map.of("ownAddresses", new String[] {"127.0.0.0/8"}, "port", port));
        accepting("127.0.0.2", port);
        assertEquals(accepted("127.0.0.2"), deliver("box@self.test"));
    }

    @Test
    void anAddressLiteralIsUsedDirectly() throws Exception {
        dns("host-record=other.test,127.0.0.2");
        accepting("127.0.0.2", port);
        assertEquals(accepted("127.0.0.2"), deliver("box@[127.0.0.2]"));
    }

    @Test
    void noAddressAnsweringIsADeferral() throws Exception {
        dns("mx-host=dead.test,a.dead.test,10", "host-record=a.dead.test,127.0.0.4");
        assertEquals(new DeliveryReport(Outcome.TEMPORARY, "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)\n"
                + "127.0.0.4:" + port + " connection refused\n"), deliver("box@dead.test"));
    }
}
