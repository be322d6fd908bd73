package org.tessera.common.passwd;

import java.nio.file.Path;

/** Where the password file is when nothing else names it: in the etc directory of the Tessera home. */
public final class PasswordFilePath {

    /** The file's name in the etc directory. */
    public static final String NAME = "passwd.tessera";

    /** The home when nothing names one, relative to the current directory (as bin/tessera's). */
    public static final String DEFAULT_HOME = "./var/tessera";

    private PasswordFilePath() {
    }

    /**
     * Returns the file, absolute: the configured name resolved against the etc directory (an absolute
     * name stays as it is), or {@value #NAME} there when none is configured. The etc directory is
     * Karaf's {@code karaf.etc}, else {@code etc} in the first of {@code tessera.home},
     * {@code TESSERA_HOME} and {@value #DEFAULT_HOME} that is set.
     *
     * @param configured the configured file, or empty
     * @param karafEtc the {@code karaf.etc} system property, or null
     * @param home the {@code tessera.home} system property, or null
     * @param environmentHome the {@code TESSERA_HOME} environment variable, or null
     */
    public static Path resolve(String configured, String karafEtc, String home, String environmentHome) {
        Path etc = isSet(karafEtc) ? Path.of(karafEtc.strip()) : Path.of(firstSet(home, environmentHome), "etc");
        return etc.resolve(isSet(configured) ? configured.strip() : NAME).toAbsolutePath().normalize();
    }

    private static String firstSet(String home, String environmentHome) {
        if (isSet(home)) {
            return home.strip();
        }
        return isSet(environmentHome) ? environmentHome.strip() : DEFAULT_HOME;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
