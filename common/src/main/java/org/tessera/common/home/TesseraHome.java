package org.tessera.common.home;

import java.nio.file.Path;

/**
 * The rule that names the home directory (qmail's {@code /var/qmail}): the one place it is
 * resolved. The control service resolves it at start and hands it out
 * ({@code ControlFiles.home()}); what runs before that service or outside the server (the mail
 * log's writer, the password checker, the tools) applies this same rule.
 */
public final class TesseraHome {

    /** The system property {@code bin/tessera} sets for the server. */
    public static final String SYSTEM_PROPERTY = "tessera.home";

    /** The environment variable that names the home for the server and the tools. */
    public static final String ENVIRONMENT = "TESSERA_HOME";

    /** The home when nothing names one, relative to the directory the server was started from. */
    public static final String DEFAULT = "./var/tessera";

    private TesseraHome() {
    }

    /**
     * Returns the first of the configured value, the {@value #SYSTEM_PROPERTY} system property and the
     * {@value #ENVIRONMENT} environment variable that is not blank, else {@value #DEFAULT}; made absolute.
     */
    public static Path resolve(String configured, String systemProperty, String environment) {
        for (String candidate : new String[] {configured, systemProperty, environment}) {
            if (candidate != null && !candidate.isBlank()) {
                return absolute(candidate.strip());
            }
        }
        return absolute(DEFAULT);
    }

    /** The server's home: {@link #resolve} with this JVM's system property and environment. */
    public static Path ofServer(String configured) {
        return resolve(configured, System.getProperty(SYSTEM_PROPERTY), System.getenv(ENVIRONMENT));
    }

    private static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }
}
