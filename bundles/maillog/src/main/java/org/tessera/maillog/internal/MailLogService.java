package org.tessera.maillog.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.maillog.MailLog;
import org.tessera.api.maillog.MailLogLine;
import org.tessera.common.errors.ErrorText;
import org.tessera.common.home.TesseraHome;

/**
 * The mail log: {@code log/current} in the home, written as multilog does, each line labelled with
 * the time its event happened. Bundles write to it through the {@link MailLog} service and keep
 * their lines while it is away ({@code org.tessera.common.maillog.MailLogBuffer}), so none is lost
 * at boot or while this bundle is updated. When the file cannot be written (a full disk) the server
 * goes on, and the first line that can be written again is preceded by a {@code warning:} line with
 * the count of lines and bytes lost, since when and why. Writing goes straight to the file, not
 * through the logging framework, which would find each line's caller with a stack walk.
 */
@Component(service = MailLog.class, immediate = true, configurationPid = MailLogService.PID)
@Designate(ocd = MailLogServiceConfiguration.class)
public final class MailLogService implements MailLog {

    static final String PID = "org.tessera.maillog";

    private static final Logger LOG = LoggerFactory.getLogger(MailLogService.class);

    private volatile MultilogWriter writer;
    private volatile boolean failing;
    // Guarded by this: the lines lost since the log last could not be written, null when none.
    private LostLines lost;

    @Activate
    void activate(MailLogServiceConfiguration config) throws IOException {
        Path home = TesseraHome.ofServer(config.home());
        writer = new MultilogWriter(home.resolve("log"), config.size(), config.num(), Instant::now);
    }

    @Deactivate
    void deactivate() throws IOException {
        MultilogWriter w = writer;
        writer = null;
        if (w != null) {
            w.close();
        }
    }

    @Override
    public void write(MailLogLine line) {
        MultilogWriter w = writer;
        if (w == null) {
            LOG.warn("the mail log is stopped; line not written: {}", line.text());
            return;
        }
        try {
            if (failing) {
                writeLoss(w);
            }
            w.write(line.time(), line.text());
        } catch (IOException | UncheckedIOException e) {
            lose(line, e);
        }
    }

    // The first line that can be written again after a failure is preceded by what was lost.
    private synchronized void writeLoss(MultilogWriter w) throws IOException {
        if (lost == null) {
            return;
        }
        w.write(Instant.now(), lost.notice(Instant.now()));
        LOG.info("the mail log works again; {} lines were lost", lost.lines);
        lost = null;
        failing = false;
    }

    private synchronized void lose(MailLogLine line, Exception e) {
        if (lost == null) {
            String why = e instanceof IOException io ? ErrorText.of(io) : String.valueOf(e.getMessage());
            lost = new LostLines(line.time(), why);
            failing = true;
            // Once per run of failures, in the server's own log; the mail log gets its count when it works again.
            LOG.warn("unable to write to the mail log ({}), lines are lost until it works again", why, e);
        }
        lost.lines++;
        lost.bytes += MultilogWriter.record(Tai64n.label(line.time()), line.text()).length;
    }

    /** The count of the lines a failing log could not take, and what made it fail first. */
    private static final class LostLines {
        private final Instant since;
        private final String why;
        private long lines;
        private long bytes;

        LostLines(Instant since, String why) {
            this.since = since;
            this.why = why;
        }

        String notice(Instant until) {
            return "warning: " + lines + " mail-log lines (" + bytes + " bytes) lost from " + since + " to " + until
                    + ": the mail log could not be written (" + why + ")";
        }
    }
}
