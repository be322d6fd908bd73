package org.tessera.tools.inject;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The control values qmail-inject rewrites addresses and makes Message-IDs with.
 *
 * @param defaultHost appended as {@code @defaulthost} to an address without {@code @}
 * @param defaultDomain appended as {@code .defaultdomain} to a host without a dot
 * @param plusDomain replaces a {@code +} that ends a host, as {@code .plusdomain}
 * @param idHost the host part of generated Message-IDs
 */
public record Controls(String defaultHost, String defaultDomain, String plusDomain, String idHost) {

    /**
     * Resolves each control as qmail-inject does: its {@code QMAIL…} environment variable if set
     * (even if empty), else the first line of its control file, else the first line of
     * {@code control/me}, else the control's own name.
     *
     * @param environment the process environment
     * @param controlFile reads the first line of {@code control/<name>} (for the names {@code me},
     *     {@code defaulthost}, {@code defaultdomain}, {@code plusdomain}, {@code idhost}); empty when
     *     the file does not exist, an empty string for an empty file; trailing spaces, tabs and the
     *     newline are stripped here anyway; a failure to read throws {@link java.io.UncheckedIOException}
     * @return the resolved controls
     */
    public static Controls resolve(Map<String, String> environment, Function<String, Optional<String>> controlFile) {
        Optional<String> meLine = controlFile.apply("me");
        String me = meLine.isEmpty() ? null : stripTrailingWhitespace(meLine.get());
        return new Controls(
                environment.getOrDefault("QMAILDEFAULTHOST", control(controlFile, "defaulthost", me)),
                environment.getOrDefault("QMAILDEFAULTDOMAIN", control(controlFile, "defaultdomain", me)),
                environment.getOrDefault("QMAILPLUSDOMAIN", control(controlFile, "plusdomain", me)),
                environment.getOrDefault("QMAILIDHOST", control(controlFile, "idhost", me)));
    }

    private static String control(Function<String, Optional<String>> controlFile, String name, String me) {
        Optional<String> line = controlFile.apply(name);
        if (line.isPresent()) {
            return stripTrailingWhitespace(line.get());
        }
        return me != null ? me : name;
    }

    /** qmail strips spaces, tabs and newlines only from the end of a control line. */
    static String stripTrailingWhitespace(String line) {
        int end = line.length();
        while (end > 0 && " \t\n".indexOf(line.charAt(end - 1)) >= 0) {
            end--;
        }
        return line.substring(0, end);
    }
}
