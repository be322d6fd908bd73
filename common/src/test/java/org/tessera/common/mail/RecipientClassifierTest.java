package org.tessera.common.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;
import org.tessera.testkit.MemoryControlFiles;

/** qmail-send's rewriting (qmail-send(8)), which the queue routes by and the RCPT-time recipient check asks. */
class RecipientClassifierTest {

    private final MemoryControlFiles controls = new MemoryControlFiles();

    private ClassifiedRecipient classify(String recipient) {
        return new RecipientClassifier(controls).classify(MailAddress.parse(recipient));
    }

    private static void assertResult(Channel channel, String address, String bounce, ClassifiedRecipient r) {
        assertEquals(new ClassifiedRecipient(channel, MailAddress.parse(address), MailAddress.parse(bounce)), r);
    }

    @Test
    void envNoAtHostIsAppendedToRecipientWithoutAt() {
        controls.envNoAtHost = "example.com";
        controls.locals("example.com");
        assertResult(Channel.LOCAL, "joe@example.com", "joe@example.com", classify("joe"));
    }

    @Test
    void envNoAtHostNotAppendedWhenAtPresentButDomainEmpty() {
        controls.envNoAtHost = "example.com";
        controls.locals("example.com");
        assertResult(Channel.REMOTE, "joe@", "joe@", classify("joe@"));
    }

    @Test
    void envNoAtHostDefaultValueIsUsedVerbatim() {
        assertResult(Channel.REMOTE, "postmaster@envnoathost", "postmaster@envnoathost", classify("postmaster"));
    }

    @Test
    void percentHackTurnsLastPercentIntoAt() {
        controls.percentHack("relay.test");
        assertResult(Channel.REMOTE, "a@b.test", "a@b.test", classify("a%b.test@relay.test"));
    }

    @Test
    void percentHackRepeatsOnlyWhileDomainListed() {
        controls.percentHack("relay.test");
        assertResult(Channel.REMOTE, "a%b@c", "a%b@c", classify("a%b%c@relay.test"));
        controls.percentHack("c");
        assertResult(Channel.REMOTE, "a@b", "a@b", classify("a%b%c@relay.test"));
    }

    @Test
    void percentHackStopsWithoutPercent() {
        controls.percentHack("relay.test");
        assertResult(Channel.REMOTE, "joe@relay.test", "joe@relay.test", classify("joe@relay.test"));
    }

    @Test
    void percentHackIgnoredForUnlistedDomain() {
        controls.percentHack("relay.test");
        assertResult(Channel.REMOTE, "a%b@other.test", "a%b@other.test", classify("a%b@other.test"));
    }

    @Test
    void percentHackIsCaseInsensitive() {
        controls.percentHack("relay.test");
        assertResult(Channel.REMOTE, "a@b", "a@b", classify("a%b@RELAY.Test"));
    }

    @Test
    void percentHackRunsAfterEnvNoAtHostAndBeforeLocals() {
        controls.envNoAtHost = "relay.test";
        controls.percentHack("relay.test").locals("example.com");
        assertResult(Channel.LOCAL, "joe@example.com", "joe@example.com", classify("joe%example.com"));
    }

    @Test
    void percentHackUsesLastAtOfAddress() {
        controls.percentHack("relay.test");
        // local part "u@x%y": its last '%' becomes the separating '@'
        assertResult(Channel.REMOTE, "u@x@y", "u@x@y", classify("u@x%y@relay.test"));
    }

    @Test
    void percentHackCanMakeARecipientLocalAndThenItIsDeliveredHere() {
        // The RCPT-time recipient check used to leave any u%d@percenthack recipient to the next
        // policy while the queue rewrote it and delivered u@d locally: both now see u@d.
        controls.percentHack("relay.test").locals("example.com");
        assertResult(Channel.LOCAL, "joe@example.com", "joe@example.com", classify("joe%example.com@relay.test"));
    }

    @Test
    void percentHackAppliesToALocalDomainOnlyWhenListed() {
        controls.locals("example.com");
        assertResult(Channel.LOCAL, "u%evil.test@example.com", "u%evil.test@example.com",
                classify("u%evil.test@example.com"));
        controls.percentHack("example.com");
        assertResult(Channel.REMOTE, "u@evil.test", "u@evil.test", classify("u%evil.test@example.com"));
        assertResult(Channel.LOCAL, "joe@example.com", "joe@example.com", classify("joe@example.com"));
    }

    @Test
    void percentHackResultIsSplitAtItsLastAt() {
        // "a%b@c@relay.test": the local part "a%b@c" becomes "a@b@c", whose domain is c, as in qmail-send.
        controls.percentHack("relay.test").locals("c");
        assertResult(Channel.LOCAL, "a@b@c", "a@b@c", classify("a%b@c@relay.test"));
    }

    @Test
    void anEmptyDomainAfterAnAtIsNeitherEnvNoAtHostNorLocal() {
        controls.envNoAtHost = "example.com";
        controls.locals("example.com").virtualDomains("virt.test:v");
        assertResult(Channel.REMOTE, "joe@", "joe@", classify("joe@"));
        controls.virtualDomains(":catch");
        assertResult(Channel.LOCAL, "catch-joe@", "joe@", classify("joe@"));
        assertEquals(MailAddress.parse("catch-joe@"), classify("joe@").address());
    }

    @Test
    void localsExactAndCaseInsensitiveAddressKept() {
        controls.locals("example.com");
        assertResult(Channel.LOCAL, "Joe@Example.COM", "Joe@Example.COM", classify("Joe@Example.COM"));
    }

    @Test
    void localsHasNoWildcards() {
        controls.locals("example.com");
        assertResult(Channel.REMOTE, "joe@sub.example.com", "joe@sub.example.com", classify("joe@sub.example.com"));
    }

    @Test
    void localsBeatsVirtualDomains() {
        controls.locals("example.com").virtualDomains("example.com:alias", ":catch");
        assertResult(Channel.LOCAL, "joe@example.com", "joe@example.com", classify("joe@example.com"));
    }

    @Test
    void virtualDomainSpecExample() {
        controls.virtualDomains("nowhere.mil:joe-foo");
        ClassifiedRecipient r = classify("info@nowhere.mil");
        assertResult(Channel.LOCAL, "joe-foo-info@nowhere.mil", "info@nowhere.mil", r);
        assertEquals(new MailAddress("joe-foo-info", "nowhere.mil"), r.address());
    }

    @Test
    void virtualAddressKeyBeatsDomainKey() {
        controls.virtualDomains("virt.test:v", "joe@virt.test:jdoe");
        assertResult(Channel.LOCAL, "jdoe-joe@virt.test", "joe@virt.test", classify("joe@virt.test"));
        assertResult(Channel.LOCAL, "v-ann@virt.test", "ann@virt.test", classify("ann@virt.test"));
    }

    @Test
    void virtualDomainKeyBeatsSuffix() {
        controls.virtualDomains(".virt.test:s", "a.virt.test:d");
        assertResult(Channel.LOCAL, "d-x@a.virt.test", "x@a.virt.test", classify("x@a.virt.test"));
        assertResult(Channel.LOCAL, "s-x@b.virt.test", "x@b.virt.test", classify("x@b.virt.test"));
    }

    @Test
    void virtualSuffixLongestFirstAndNeverBareParent() {
        controls.virtualDomains(".c.test:short", ".b.c.test:long");
        assertResult(Channel.LOCAL, "long-x@a.b.c.test", "x@a.b.c.test", classify("x@a.b.c.test"));
        assertResult(Channel.LOCAL, "short-x@b.c.test", "x@b.c.test", classify("x@b.c.test"));
        assertResult(Channel.REMOTE, "x@c.test", "x@c.test", classify("x@c.test"));
    }

    @Test
    void virtualCatchAllIsLast() {
        controls.virtualDomains(":catch", "virt.test:v");
        assertResult(Channel.LOCAL, "catch-x@any.test", "x@any.test", classify("x@any.test"));
        assertResult(Channel.LOCAL, "v-x@virt.test", "x@virt.test", classify("x@virt.test"));
    }

    @Test
    void virtualEmptyPrependIsRemoteException() {
        controls.virtualDomains(".virt.test:v", "except.virt.test:", ":catch");
        assertResult(Channel.REMOTE, "x@except.virt.test", "x@except.virt.test", classify("x@except.virt.test"));
        assertResult(Channel.LOCAL, "v-x@other.virt.test", "x@other.virt.test", classify("x@other.virt.test"));
    }

    @Test
    void virtualAddressExceptionBeatsDomainEntry() {
        controls.virtualDomains("virt.test:v", "out@virt.test:");
        assertResult(Channel.REMOTE, "out@virt.test", "out@virt.test", classify("out@virt.test"));
    }

    @Test
    void virtualLookupIsCaseInsensitiveAndKeepsCase() {
        controls.virtualDomains("virt.test:v");
        assertResult(Channel.LOCAL, "v-Joe@VIRT.test", "Joe@VIRT.test", classify("Joe@VIRT.test"));
    }

    @Test
    void virtualLookupSeesAddressAfterPercentHack() {
        controls.percentHack("relay.test").virtualDomains("virt.test:v");
        assertResult(Channel.LOCAL, "v-joe@virt.test", "joe@virt.test", classify("joe%virt.test@relay.test"));
    }

    @Test
    void noHitIsRemote() {
        controls.locals("example.com").virtualDomains("virt.test:v");
        assertResult(Channel.REMOTE, "joe@example.net", "joe@example.net", classify("joe@example.net"));
    }
}
