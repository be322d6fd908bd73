package org.tessera.control.internal;

import java.nio.file.Path;

/** Finds the home directory, named as the README's "What runs where" says. */
final class HomePath {

    /** The home when nothing names one, relative to the directory the server was started from. */
    static final String DEFAULT = "./var/tessera";

    private HomePath() {
    }

    /**
     * Returns the first of the configured value, the {@code tessera.home} system property and the
     * {@code TESSERA_HOME} environment variable that is not blank, else {@value #DEFAULT}; made absolute.
     */
    static Path resolve(String configured, String systemProperty, String environment) {
        for (String candidate : new String[] {configured, systemProperty, environment}) {
            if (candidate != null && !candidate.isBlank()) {
                return absolute(candidate.strip());
            }
        }
        return absolute(DEFAULT);
    }

    private static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }
}
