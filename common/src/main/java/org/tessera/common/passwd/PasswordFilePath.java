package org.tessera.common.passwd;

import java.nio.file.Path;

/** Where the password file is when nothing else names it: in the etc directory of the Tessera home. */
public final class PasswordFilePath {

    /** The file's name in the etc directory. */
    public static final String NAME = "passwd.tessera";

    private PasswordFilePath() {
    }

    /**
     * Returns the file, absolute: the configured name resolved against the etc directory (an absolute
     * name stays as it is), or {@value #NAME} there when none is configured. The etc directory is
     * Karaf's {@code karaf.etc}, else {@code etc} in the home.
     *
     * @param configured the configured file, or empty
     * @param karafEtc the {@code karaf.etc} system property, or null
     * @param home the home ({@code org.tessera.common.home.TesseraHome}'s rule, or the tools' home)
     */
    public static Path resolve(String configured, String karafEtc, Path home) {
        Path etc = isSet(karafEtc) ? Path.of(karafEtc.strip()) : home.resolve("etc");
        return etc.resolve(isSet(configured) ? configured.strip() : NAME).toAbsolutePath().normalize();
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
