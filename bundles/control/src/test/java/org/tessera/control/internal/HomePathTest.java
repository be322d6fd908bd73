package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class HomePathTest {

    @Test
    void configurationComesFirst() {
        assertEquals(Path.of("/srv/config"), HomePath.resolve("/srv/config", "/srv/property", "/srv/env"));
    }

    @Test
    void thenTheSystemProperty() {
        assertEquals(Path.of("/srv/property"), HomePath.resolve("", "/srv/property", "/srv/env"));
    }

    @Test
    void thenTheEnvironment() {
        assertEquals(Path.of("/srv/env"), HomePath.resolve(" ", null, "/srv/env"));
    }

    @Test
    void elseVarTesseraInTheWorkingDirectory() {
        Path home = HomePath.resolve(null, "", null);
        assertEquals(Path.of("").toAbsolutePath().resolve("var/tessera"), home);
    }

    @Test
    void relativePathsAreMadeAbsolute() {
        Path home = HomePath.resolve("some/../home", null, null);
        assertTrue(home.isAbsolute());
        assertEquals(Path.of("").toAbsolutePath().resolve("home"), home);
    }

    @Test
    void anExistingQmailTreeCanBeTheHome() {
        assertEquals(Path.of("/var/qmail"), HomePath.resolve(null, null, "/var/qmail/"));
    }
}
