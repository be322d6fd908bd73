package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.control.VirtualDomain;

class VirtualDomainsTest {

    private static final List<String> TABLE = List.of(
            "joe@nowhere.mil:joe-special",
            "nowhere.mil:joe-foo",
            ".mil:military",
            ".b.mil:bee",
            ":catchall",
            "no colon line");

    private static Optional<VirtualDomain> find(List<String> lines, String address) {
        return new VirtualDomains(lines).find(address);
    }

    @Test
    void wholeAddressComesFirst() {
        assertEquals(Optional.of(new VirtualDomain("joe@nowhere.mil", "joe-special")), find(TABLE, "joe@nowhere.mil"));
    }

    @Test
    void thenTheDomain() {
        assertEquals(Optional.of(new VirtualDomain("nowhere.mil", "joe-foo")), find(TABLE, "info@nowhere.mil"));
    }

    @Test
    void thenSuffixesLongestFirst() {
        assertEquals("bee", find(TABLE, "u@a.b.mil").orElseThrow().prepend());
        assertEquals("military", find(TABLE, "u@a.c.mil").orElseThrow().prepend());
        assertEquals("bee", find(TABLE, "u@b.b.mil").orElseThrow().prepend());
    }

    @Test
    void suffixDoesNotMatchTheBareParent() {
        assertEquals("catchall", find(TABLE, "u@mil").orElseThrow().prepend());
    }

    @Test
    void thenTheCatchAll() {
        assertEquals(Optional.of(new VirtualDomain("", "catchall")), find(TABLE, "u@example.com"));
    }

    @Test
    void noMatchWithoutCatchAll() {
        assertEquals(Optional.empty(), find(List.of("example.com:x"), "u@example.org"));
        assertEquals(Optional.empty(), find(List.of(), "u@example.org"));
    }

    @Test
    void emptyPrependIsAnExceptionThatStopsTheSearch() {
        List<String> lines = List.of(".mil:military", "af.mil:", ":catchall");
        VirtualDomain hit = find(lines, "u@af.mil").orElseThrow();
        assertTrue(hit.isException());
        assertEquals("af.mil", hit.key());
        assertFalse(find(lines, "u@navy.mil").orElseThrow().isException());
    }

    @Test
    void matchIgnoresCaseAndKeepsTheKeyAsWritten() {
        VirtualDomain hit = find(List.of("NoWhere.MIL:joe-foo"), "Info@NOWHERE.mil").orElseThrow();
        assertEquals("NoWhere.MIL", hit.key());
        assertEquals("joe-foo", hit.prepend());
    }

    @Test
    void keyEndsAtTheFirstColon() {
        assertEquals("a:b", find(List.of("example.com:a:b"), "u@example.com").orElseThrow().prepend());
    }

    @Test
    void lastOfEqualKeysWins() {
        // qmail's constmap puts later lines in front, so a repeated key takes the last value.
        assertEquals("second", find(List.of("example.com:first", "EXAMPLE.com:second"), "u@example.com")
                .orElseThrow().prepend());
    }

    @Test
    void addressWithoutAtTriesItselfThenTheCatchAll() {
        assertEquals("local", find(List.of("postmaster:local", ":all"), "postmaster").orElseThrow().prepend());
        assertEquals("all", find(List.of("postmaster:local", ":all"), "root").orElseThrow().prepend());
    }

    @Test
    void serviceReadsTheFileWithCommentsSkipped(@TempDir Path dir) {
        TestHome home = new TestHome(dir).write("virtualdomains", "#example.com:x\nexample.com:alias-ex\n");
        assertEquals(Optional.of(new VirtualDomain("example.com", "alias-ex")),
                home.service().virtualDomain("u@Example.Com"));
        assertEquals(Optional.empty(), home.service().virtualDomain("u@#example.com"));
    }
}
