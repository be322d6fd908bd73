package org.tessera.api.maillog;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The mail log ({@code log/current} in the home, multilog's format with TAI64N labels): where
 * qmail-send's, tcpserver's and the other programs' lines go, one service for every bundle instead
 * of a logger name they would share.
 *
 * <p>Tessera's {@code maillog} bundle provides it; a bundle that writes before the service is up, or
 * while it is being updated, keeps its lines and writes them, with the times they were made, once it
 * is back, so no line of a boot is lost. Writing never blocks on the disk for long and never throws:
 * a line that cannot be written is counted and reported in the server's own log.
 */
@ProviderType
public interface MailLog {

    /**
     * Writes one line.
     *
     * @param line the line, its kind and when it was made
     */
    void write(MailLogLine line);
}
