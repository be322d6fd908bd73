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
import org.tessera.common.home.TesseraHome;

/**
 * The mail log: {@code log/current} in the home, written as multilog does, each line labelled with
 * the time its event happened. Bundles write to it through the {@link MailLog} service and keep
 * their lines while it is away ({@code org.tessera.common.maillog.MailLogBuffer}), so none is lost
 * at boot or while this bundle is updated. Writing goes straight to the file, not through the
 * logging framework, which would find each line's caller with a stack walk.
 */
@Component(service = MailLog.class, immediate = true, configurationPid = MailLogService.PID)
@Designate(ocd = MailLogServiceConfiguration.class)
public final class MailLogService implements MailLog {

    static final String PID = "org.tessera.maillog";

    private static final Logger LOG = LoggerFactory.getLogger(MailLogService.class);

    private volatile MultilogWriter writer;
    private volatile boolean failing;

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
            w.write(line.time(), line.text());
            failing = false;
        } catch (IOException | UncheckedIOException e) {
            // Once per run of failures, in the server's own log.
            if (!failing) {
                failing = true;
                LOG.warn("unable to write to the mail log, lines are lost until it works again", e);
            }
        }
    }
}
