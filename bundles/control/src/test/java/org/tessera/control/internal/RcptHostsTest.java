package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.control.CdbRecord;
import org.tessera.api.control.ControlFileException;
import org.tessera.api.control.ControlFiles;

class RcptHostsTest {

    @TempDir
    Path dir;

    private TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(dir);
    }

    private void moreRcptHosts(String... domains) throws Exception {
        // As qmail-newmrh writes it: lower-cased lines as keys, empty values.
        List<CdbRecord> records = java.util.Arrays.stream(domains)
                .map(d -> new CdbRecord(d.getBytes(StandardCharsets.ISO_8859_1), new byte[0]))
                .toList();
        new CdbFilesService().write(home.control.resolve("morercpthosts.cdb"), records);
    }

    @Test
    void exactEntryMatchesOnlyThatDomain() {
        ControlFiles control = home.write("rcpthosts", "example.com\n").service();
        assertTrue(control.hasRcptHosts());
        assertTrue(control.isRcptHost("example.com"));
        assertFalse(control.isRcptHost("a.example.com"));
        assertFalse(control.isRcptHost("otherexample.com"));
    }

    @Test
    void dotEntryMatchesSubdomainsButNotTheParent() {
        ControlFiles control = home.write("rcpthosts", ".example.com\n").service();
        assertTrue(control.isRcptHost("a.example.com"));
        assertTrue(control.isRcptHost("a.b.example.com"));
        assertFalse(control.isRcptHost("example.com"));
        assertFalse(control.isRcptHost("aexample.com"));
    }

    @Test
    void matchIgnoresCase() {
        ControlFiles control = home.write("rcpthosts", "Example.COM\n.Sub.Example\n").service();
        assertTrue(control.isRcptHost("EXAMPLE.com"));
        assertTrue(control.isRcptHost("x.SUB.example"));
    }

    @Test
    void trailingDotDoesNotMatch() {
        ControlFiles control = home.write("rcpthosts", "example.com\n").service();
        assertFalse(control.isRcptHost("example.com."));
    }

    @Test
    void commentsAndBlankLinesAreNoEntries() {
        ControlFiles control = home.write("rcpthosts", "#example.com\n\n example.org\n").service();
        assertFalse(control.isRcptHost("#example.com"));
        assertFalse(control.isRcptHost("example.org"), "leading blank is part of the entry");
        assertFalse(control.isRcptHost(""));
    }

    @Test
    void missingRcptHostsMatchesNothingAndIgnoresTheCdb() throws Exception {
        moreRcptHosts("example.com");
        ControlFiles control = home.service();
        assertFalse(control.hasRcptHosts());
        assertFalse(control.isRcptHost("example.com"));
    }

    @Test
    void emptyRcptHostsStillConsultsTheCdb() throws Exception {
        moreRcptHosts("more.example");
        ControlFiles control = home.write("rcpthosts", "").service();
        assertTrue(control.hasRcptHosts());
        assertTrue(control.isRcptHost("more.example"));
        assertFalse(control.isRcptHost("other.example"));
    }

    @Test
    void moreRcptHostsIsConsultedAfterRcptHostsExactThenSuffix() throws Exception {
        moreRcptHosts("more.example", ".wild.example");
        ControlFiles control = home.write("rcpthosts", "example.com\n").service();
        assertTrue(control.isRcptHost("example.com"));
        assertTrue(control.isRcptHost("more.example"));
        assertTrue(control.isRcptHost("MORE.example"), "looked up lower-cased");
        assertTrue(control.isRcptHost("a.b.wild.example"));
        assertFalse(control.isRcptHost("wild.example"));
        assertFalse(control.isRcptHost("a.more.example"));
    }

    @Test
    void missingCdbIsNoError() {
        ControlFiles control = home.write("rcpthosts", "example.com\n").service();
        assertFalse(control.isRcptHost("more.example"));
    }

    @Test
    void damagedCdbIsAnError() {
        home.write("rcpthosts", "example.com\n").write("morercpthosts.cdb", "short");
        assertThrows(ControlFileException.class, () -> home.service().isRcptHost("example.org"));
    }
}
