package org.tessera.maillog.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;

import org.ops4j.pax.logging.PaxLoggingConstants;
import org.ops4j.pax.logging.spi.PaxAppender;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.common.home.TesseraHome;

/**
 * The mail log: a pax-logging appender service that writes the events of the logger
 * {@value #LOGGER} (and its children) to {@code log/current} in the home, as multilog does.
 *
 * <p>The contract for other bundles is the logger name: {@code LoggerFactory.getLogger("tessera.maillog")
 * .info("new msg {}", id)}. pax-logging-log4j2 hands events to this service through a {@code PaxOsgi}
 * appender whose {@code filter} is {@value #APPENDER_NAME} (etc/org.ops4j.pax.logging.cfg). Karaf's own
 * {@code PaxOsgi} appender on the root logger has the filter {@code *} and so reaches this service too;
 * events of other loggers are therefore ignored here, and with a log configuration that lacks the
 * mail-log lines the mail log still works (its events then also reach karaf.log). While this bundle is
 * stopped or being updated, events go nowhere.
 */
@Component(service = PaxAppender.class, immediate = true, configurationPid = MailLogAppender.PID,
        property = PaxLoggingConstants.SERVICE_PROPERTY_APPENDER_NAME_PROPERTY + "=" + MailLogAppender.APPENDER_NAME)
@Designate(ocd = MailLogAppenderConfiguration.class)
public final class MailLogAppender implements PaxAppender {

    static final String PID = "org.tessera.maillog";

    /** The logger whose events are the mail log (the home's {@code log/current}). */
    static final String LOGGER = "tessera.maillog";

    /** The value of {@code org.ops4j.pax.logging.appender.name} that a PaxOsgi appender's filter names. */
    static final String APPENDER_NAME = "maillog";

    private static final Logger LOG = LoggerFactory.getLogger(MailLogAppender.class);

    private volatile MultilogWriter writer;
    private volatile boolean failing;

    @Activate
    void activate(MailLogAppenderConfiguration config) throws IOException {
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
    public void doAppend(PaxLoggingEvent event) {
        String name = event.getLoggerName();
        if (name == null || !(name.equals(LOGGER) || name.startsWith(LOGGER + "."))) {
            return;
        }
        MultilogWriter w = writer;
        if (w == null) {
            return;
        }
        try {
            w.write(event.getRenderedMessage());
            failing = false;
        } catch (IOException | UncheckedIOException e) {
            // Once per run of failures: this logger reaches the root appenders, not the mail log.
            if (!failing) {
                failing = true;
                LOG.warn("unable to write to the mail log, events are lost until it works again", e);
            }
        }
    }

}
