package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.control.CdbRecord;
import org.tessera.common.cdb.TinyCdb;

/** morercpthosts.cdb as qmail-newmrh (cdbmake) writes it, here made by Debian's tinycdb. */
class MoreRcptHostsTest {

    @TempDir
    Path dir;

    @Test
    void moreRcptHostsMadeByTinyCdbIsHonoured() throws Exception {
        TinyCdb tinycdb = TinyCdb.require();
        TestHome home = new TestHome(dir).write("rcpthosts", "example.com\n");
        tinycdb.create(home.control.resolve("morercpthosts.cdb"), List.of(
                new CdbRecord("more.example".getBytes(StandardCharsets.US_ASCII), new byte[0]),
                new CdbRecord(".wild.example".getBytes(StandardCharsets.US_ASCII), new byte[0])));
        ControlFilesService control = home.service();
        assertTrue(control.isRcptHost("more.example"));
        assertTrue(control.isRcptHost("x.wild.example"));
        assertFalse(control.isRcptHost("wild.example"));
    }
}
