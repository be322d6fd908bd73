package org.tessera.common.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class TesseraHomeTest {

    @Test
    void configurationComesFirst() {
        assertEquals(Path.of("/srv/config"), TesseraHome.resolve("/srv/config", "/srv/property", "/srv/env"));
    }

    @Test
    void thenTheSystemProperty() {
        assertEquals(Path.of("/srv/property"), TesseraHome.resolve("", "/srv/property", "/srv/env"));
    }

    @Test
    void thenTheEnvironment() {
        assertEquals(Path.of("/srv/env"), TesseraHome.resolve(" ", null, "/srv/env"));
    }

    @Test
    void elseVarTesseraInTheWorkingDirectory() {
        Path home = TesseraHome.resolve(null, "", null);
        assertEquals(Path.of("").toAbsolutePath().resolve("var/tessera"), home);
    }

    @Test
    void relativePathsAreMadeAbsolute() {
        Path home = TesseraHome.resolve("some/../home", null, null);
        assertTrue(home.isAbsolute());
        assertEquals(Path.of("").toAbsolutePath().resolve("home"), home);
    }

    @Test
    void anExistingQmailTreeCanBeTheHome() {
        assertEquals(Path.of("/var/qmail"), TesseraHome.resolve(null, null, "/var/qmail/"));
    }
}
