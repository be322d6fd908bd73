package org.tessera.local.internal;

import java.nio.file.Path;
import java.util.Map;

/** The home a command-line tool works on: {@code $TESSERA_HOME}, else {@code ./var/tessera}, as bin/tessera. */
final class ToolHome {

    private ToolHome() {
    }

    static Path of(Map<String, String> environment) {
        String home = environment.get("TESSERA_HOME");
        return Path.of(home == null || home.isEmpty() ? "var/tessera" : home).toAbsolutePath();
    }
}
