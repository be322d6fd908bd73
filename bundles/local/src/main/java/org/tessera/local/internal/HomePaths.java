package org.tessera.local.internal;

import java.nio.file.Path;

import org.tessera.api.control.ControlFiles;

/** Where qmail's tree keeps what this bundle reads, in the home the control service hands out. */
final class HomePaths {

    private HomePaths() {
    }

    static Path home(ControlFiles control) {
        return control.home();
    }

    static Path usersCdb(ControlFiles control) {
        return home(control).resolve("users").resolve("cdb");
    }

    static Path alias(ControlFiles control) {
        return home(control).resolve("alias");
    }
}
