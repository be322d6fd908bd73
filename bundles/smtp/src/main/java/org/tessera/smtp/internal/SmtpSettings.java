package org.tessera.smtp.internal;

import java.util.Optional;

/**
 * What one session takes from the control files at its start (qmail-smtpd reads them once per
 * connection, so a changed file applies to the next one) and from the listener's configuration.
 *
 * @param greeting {@code smtpgreeting}, else {@code me}; empty when neither exists (421)
 * @param databytes the size limit in bytes, 0 for none: {@code DATABYTES} from the connection rule, else {@code control/databytes}
 * @param timeoutSeconds {@code timeoutsmtpd}
 * @param localIpHost {@code localiphost}, when set
 * @param maxCommandBytes the longest command line
 * @param maxCommands commands in one session at most
 * @param maxRecipients recipients of one message at most
 * @param maxSessionSeconds the longest session
 */
record SmtpSettings(String greeting, long databytes, long timeoutSeconds, Optional<String> localIpHost,
        int maxCommandBytes, int maxCommands, int maxRecipients, long maxSessionSeconds) {
}
