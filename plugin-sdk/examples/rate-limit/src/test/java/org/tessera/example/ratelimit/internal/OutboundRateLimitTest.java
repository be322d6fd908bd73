package org.tessera.example.ratelimit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.Verdict;
import org.tessera.testkit.MemoryControlFiles;
import org.tessera.testkit.MutableClock;
import org.tessera.testkit.TestTransaction;

class OutboundRateLimitTest {

    private static final MailAddress OUTSIDE = MailAddress.parse("friend@elsewhere.test");
    private static final MailAddress INSIDE = MailAddress.parse("colleague@example.com");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final MemoryControlFiles control = new MemoryControlFiles().rcptHosts("example.com", ".example.com");

    private OutboundRateLimit limit(Object... properties) {
        Map<String, Object> map = new java.util.HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            map.put((String) properties[i], properties[i + 1]);
        }
        return new OutboundRateLimit(control,
                Converters.standardConverter().convert(map).to(OutboundRateLimitConfiguration.class), clock);
    }

    private static MailTransaction user(String name, String sender) {
        return TestTransaction.from("192.0.2.7").listener("submission").authenticated(name, "PLAIN").sender(sender).build();
    }

    @Test
    void aUserPastTheLimitIsDeferredAndLocalMailNeverCounts() {
        OutboundRateLimit limit = limit("perUser", 3, "perSenderDomain", 0, "windowSeconds", 3600);
        MailTransaction joe = user("joe", "joe@example.com");

        for (int i = 0; i < 3; i++) {
            assertEquals(Verdict.NO_OPINION, limit.check(joe, OUTSIDE));
            assertEquals(Verdict.NO_OPINION, limit.check(joe, INSIDE));
        }
        assertEquals(new Verdict(Verdict.Outcome.DEFER, 451, "sorry, user joe has sent too much mail, try again later (#4.7.1)"),
                limit.check(joe, OUTSIDE));
        assertEquals(Verdict.NO_OPINION, limit.check(joe, MailAddress.parse("boss@mx.example.com")), "a subdomain in rcpthosts");
        assertEquals(Verdict.NO_OPINION, limit.check(user("sue", "sue@example.com"), OUTSIDE), "another user has her own");
    }

    @Test
    void theAllowanceComesBackEvenlyOverTheWindow() {
        OutboundRateLimit limit = limit("perUser", 60, "perSenderDomain", 0, "windowSeconds", 3600);
        MailTransaction joe = user("joe", "joe@example.com");
        for (int i = 0; i < 60; i++) {
            assertEquals(Verdict.NO_OPINION, limit.check(joe, OUTSIDE));
        }
        assertEquals(Verdict.Outcome.DEFER, limit.check(joe, OUTSIDE).outcome());

        clock.advance(59);
        assertEquals(Verdict.Outcome.DEFER, limit.check(joe, OUTSIDE).outcome(), "one a minute: not yet");
        clock.advance(1);
        assertEquals(Verdict.NO_OPINION, limit.check(joe, OUTSIDE));
        assertEquals(Verdict.Outcome.DEFER, limit.check(joe, OUTSIDE).outcome());

        clock.advance(5 * 3600);
        for (int i = 0; i < 60; i++) {
            assertEquals(Verdict.NO_OPINION, limit.check(joe, OUTSIDE), "full again, never more than the limit");
        }
        assertEquals(Verdict.Outcome.DEFER, limit.check(joe, OUTSIDE).outcome());
    }

    @Test
    void aSenderDomainIsLimitedAcrossUsersAndRelayClients() {
        OutboundRateLimit limit = limit("perUser", 100, "perSenderDomain", 4, "windowSeconds", 3600);
        MailTransaction relayClient = TestTransaction.from("192.0.2.9").environment(Map.of("RELAYCLIENT", ""))
                .sender("script@shop.test").build();

        assertEquals(Verdict.NO_OPINION, limit.check(user("ann", "ann@shop.test"), OUTSIDE));
        assertEquals(Verdict.NO_OPINION, limit.check(user("bob", "bob@SHOP.test"), OUTSIDE));
        assertEquals(Verdict.NO_OPINION, limit.check(relayClient, OUTSIDE));
        assertEquals(Verdict.NO_OPINION, limit.check(relayClient, OUTSIDE));
        assertEquals(new Verdict(Verdict.Outcome.DEFER, 451,
                "sorry, sender domain shop.test has sent too much mail, try again later (#4.7.1)"), limit.check(relayClient, OUTSIDE));
        assertEquals(Verdict.Outcome.DEFER, limit.check(user("ann", "ann@shop.test"), OUTSIDE).outcome());
        assertEquals(Verdict.NO_OPINION, limit.check(user("ann", "ann@other.test"), OUTSIDE), "ann has allowance left");
    }

    @Test
    void aDeferredRecipientCostsNeitherLimit() {
        OutboundRateLimit limit = limit("perUser", 1, "perSenderDomain", 2, "windowSeconds", 3600);

        assertEquals(Verdict.NO_OPINION, limit.check(user("ann", "ann@shop.test"), OUTSIDE));
        for (int i = 0; i < 5; i++) {
            assertEquals(Verdict.Outcome.DEFER, limit.check(user("ann", "ann@shop.test"), OUTSIDE).outcome());
        }
        assertEquals(Verdict.NO_OPINION, limit.check(user("bob", "bob@shop.test"), OUTSIDE), "ann's refusals took no token of shop.test");
    }

    @Test
    void aClientThatMayNotRelayIsNeitherCountedNorJudged() {
        OutboundRateLimit limit = limit("perUser", 1, "perSenderDomain", 1, "windowSeconds", 3600);
        MailTransaction stranger = TestTransaction.from("198.51.100.1").sender("spam@shop.test").build();

        for (int i = 0; i < 10; i++) {
            assertEquals(Verdict.NO_OPINION, limit.check(stranger, OUTSIDE), "the rcpthosts policy refuses it");
        }
        assertEquals(Verdict.NO_OPINION, limit.check(user("ann", "ann@shop.test"), OUTSIDE), "nothing was counted");
    }
}
