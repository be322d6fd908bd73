package org.tessera.maillog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;
import org.osgi.util.converter.Converters;

class MailLogAppenderTest {

    @TempDir
    Path home;

    @Test
    void writesOnlyTheMailLogLoggerAndSurvivesARestart() throws IOException {
        MailLogAppender appender = new MailLogAppender();
        appender.activate(config(Map.of("home", home.toString())));
        appender.doAppend(event("tessera.maillog", "new msg 42"));
        appender.doAppend(event("org.apache.karaf.shell", "not mail"));   // via Karaf's PaxOsgi filter=*
        appender.doAppend(event("tessera.maillogger", "not mail either"));
        appender.doAppend(event("tessera.maillog.smtp", "tcpserver: status: 1/20"));
        appender.deactivate();
        appender.doAppend(event("tessera.maillog", "while stopped: lost"));

        MailLogAppender again = new MailLogAppender();   // bundle updated: a new instance, same file
        again.activate(config(Map.of("home", home.toString())));
        again.doAppend(event("tessera.maillog", "end msg 42"));
        again.deactivate();

        List<String> lines = Files.readAllLines(home.resolve("log/current"));
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("@4000[0-9a-f]{20} new msg 42"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" tcpserver: status: 1/20"));
        assertTrue(lines.get(2).endsWith(" end msg 42"));
    }

    private static MailLogAppenderConfiguration config(Map<String, Object> props) {
        return Converters.standardConverter().convert(props).to(MailLogAppenderConfiguration.class);
    }

    private static PaxLoggingEvent event(String logger, String message) {
        return (PaxLoggingEvent) Proxy.newProxyInstance(PaxLoggingEvent.class.getClassLoader(),
                new Class<?>[] {PaxLoggingEvent.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getLoggerName": return logger;
                        case "getRenderedMessage":
                        case "getMessage": return message;
                        default: return null;
                    }
                });
    }
}
