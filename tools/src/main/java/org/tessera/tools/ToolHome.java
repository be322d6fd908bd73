package org.tessera.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.tessera.common.home.TesseraHome;

/**
 * The home a tool works with (qmail's /var/qmail): {@code TESSERA_HOME}; else the home the
 * distribution's server last started with, which {@code bin/tessera} writes to {@code <dist>/home}
 * (so that {@code /usr/sbin/sendmail}, run by any user from any directory, finds it); else
 * {@code ./var/tessera}, the default home of the README.
 */
public final class ToolHome {

    /** The system property the {@code bin/} scripts set to the distribution's directory. */
    public static final String DISTRIBUTION = "tessera.dist";

    private ToolHome() {
    }

    /** The home for this environment, absolute. */
    public static Path resolve(Map<String, String> environment) {
        String named = environment.get(TesseraHome.ENVIRONMENT);
        if (named != null && !named.isBlank()) {
            return Path.of(named.strip()).toAbsolutePath();
        }
        String distribution = System.getProperty(DISTRIBUTION);
        if (distribution != null) {
            try {
                String recorded = Files.readString(Path.of(distribution, "home"), StandardCharsets.UTF_8).strip();
                if (!recorded.isEmpty()) {
                    return Path.of(recorded);
                }
            } catch (IOException noServerStartedYet) {
                // fall back to the default home below
            }
        }
        return Path.of(TesseraHome.DEFAULT).toAbsolutePath().normalize();
    }
}
