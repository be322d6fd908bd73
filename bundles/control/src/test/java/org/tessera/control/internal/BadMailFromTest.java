package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadMailFromTest {

    private final BadMailFrom bad = new BadMailFrom(List.of("spammer@example.com", "@spam.example", "Loud@Example.ORG"));

    @Test
    void wholeAddressMatches() {
        assertTrue(bad.matches("spammer@example.com"));
        assertFalse(bad.matches("other@example.com"));
    }

    @Test
    void atDomainMatchesEveryoneThere() {
        assertTrue(bad.matches("anyone@spam.example"));
        assertFalse(bad.matches("anyone@sub.spam.example"), "no subdomains");
        assertFalse(bad.matches("anyone@spam.example.net"));
    }

    @Test
    void theLastAtCounts() {
        assertTrue(bad.matches("\"a@b\"@spam.example"));
        assertFalse(bad.matches("x@spam.example@elsewhere.example"));
    }

    @Test
    void matchIgnoresCase() {
        assertTrue(bad.matches("SPAMMER@Example.Com"));
        assertTrue(bad.matches("loud@example.org"));
        assertTrue(bad.matches("x@SPAM.example"));
    }

    @Test
    void nullSenderNeverMatches() {
        assertFalse(bad.matches(""));
        assertFalse(new BadMailFrom(List.of("@")).matches(""));
    }

    @Test
    void serviceReadsTheFile(@TempDir Path dir) {
        TestHome home = new TestHome(dir).write("badmailfrom", "#x@example.com\n@spam.example\n");
        assertTrue(home.service().isBadMailFrom("u@spam.example"));
        assertFalse(home.service().isBadMailFrom("#x@example.com"));
        assertFalse(home.service().isBadMailFrom(""));
    }
}
