package org.tessera.smtp.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.tessera.api.control.ControlFileException;
import org.tessera.api.control.ControlFiles;
import org.tessera.common.listener.Databytes;

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

    // qmail-smtpd reads these afresh in each process, so an edit applies at the next
    // connection without a reload. refresh() costs a stat per file when nothing changed.
    private static final Set<String> SMTPD_FILES = Set.of("rcpthosts", "morercpthosts.cdb", "badmailfrom",
            "databytes", "smtpgreeting", "localiphost", "timeoutsmtpd");

    /**
     * The settings of a session starting now. A control file that cannot be read gives qmail's 421
     * (an empty greeting), not a crash.
     */
    static SmtpSettings read(ControlFiles control, SmtpListenerConfiguration config, Map<String, String> environment) {
        try {
            control.refresh(SMTPD_FILES);
            long databytes = Databytes.of(environment, control.databytes(), bad -> SmtpListener.LOG.warn(
                    "DATABYTES={} from control/tcp.{} is not a number; using control/databytes", bad, config.name()));
            String greeting = control.smtpGreeting().or(control::me).orElse("");
            return new SmtpSettings(greeting, databytes, control.timeoutSmtpd(), control.localIpHost(),
                    config.maxCommandBytes(), config.maxCommands(), config.maxRecipients(), config.maxSessionSeconds());
        } catch (ControlFileException e) {
            SmtpListener.LOG.warn("control files unreadable; answering 421", e);
            return new SmtpSettings("", 0, 1, Optional.empty(), config.maxCommandBytes(), config.maxCommands(),
                    config.maxRecipients(), config.maxSessionSeconds());
        }
    }
}
