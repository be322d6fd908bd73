package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.control.SmtpRoute;

class SmtpRoutesTest {

    private static final List<String> TABLE = List.of(
            "example.com:relay.example.net",
            ".example.com:wild.example.net:2525",
            ".sub.example.com:[192.0.2.1]",
            "ip.example:192.0.2.7:26",
            ".af.mil:",
            ":smarthost.example.net",
            "no colon");

    private static Optional<SmtpRoute> find(List<String> lines, String domain) {
        return new SmtpRoutes(lines).find(domain);
    }

    @Test
    void wholeDomainFirstWithDefaultPort() {
        assertEquals(Optional.of(new SmtpRoute("example.com", "relay.example.net", 25)), find(TABLE, "example.com"));
    }

    @Test
    void suffixesLongestFirstWithPort() {
        assertEquals(new SmtpRoute(".example.com", "wild.example.net", 2525), find(TABLE, "a.example.com").orElseThrow());
        assertEquals(new SmtpRoute(".sub.example.com", "[192.0.2.1]", 25), find(TABLE, "x.sub.example.com").orElseThrow());
    }

    @Test
    void dottedIpRelayWithPort() {
        assertEquals(new SmtpRoute("ip.example", "192.0.2.7", 26), find(TABLE, "IP.Example").orElseThrow());
    }

    @Test
    void emptyRelayMeansMx() {
        SmtpRoute route = find(TABLE, "army.af.mil").orElseThrow();
        assertTrue(route.usesMx());
        assertEquals(".af.mil", route.key());
    }

    @Test
    void catchAllLast() {
        assertEquals(new SmtpRoute("", "smarthost.example.net", 25), find(TABLE, "elsewhere.org").orElseThrow());
        assertEquals(new SmtpRoute("", "smarthost.example.net", 25), find(TABLE, "af.mil").orElseThrow());
    }

    @Test
    void noRouteMeansMx() {
        assertEquals(Optional.empty(), find(List.of("example.com:relay"), "example.org"));
        assertEquals(Optional.empty(), find(List.of("no colon"), "no colon"));
    }

    @Test
    void portIsADecimalPrefixAndABadOneFallsBackToTwentyFive() {
        assertEquals(587, find(List.of("a.example:relay:587x"), "a.example").orElseThrow().port());
        assertEquals(25, find(List.of("a.example:relay:"), "a.example").orElseThrow().port());
        assertEquals(25, find(List.of("a.example:relay:99999"), "a.example").orElseThrow().port());
        assertEquals(25, find(List.of("a.example:relay:0"), "a.example").orElseThrow().port());
    }

    @Test
    void serviceReadsTheFile(@TempDir Path dir) {
        TestHome home = new TestHome(dir).write("smtproutes", "# routes\n:[127.0.0.1]:2526\n");
        assertEquals(Optional.of(new SmtpRoute("", "[127.0.0.1]", 2526)), home.service().smtpRoute("example.com"));
    }
}
