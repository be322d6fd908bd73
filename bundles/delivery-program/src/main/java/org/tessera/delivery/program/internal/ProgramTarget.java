package org.tessera.delivery.program.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;

/**
 * The {@code |command} instruction of a {@code .qmail} file (dot-qmail(5), qmail-command(8)):
 * {@code /bin/sh -c command} in the user's home, with the qmail-command environment and the message on
 * standard input; its output is the report. Programs run as the current user: when Tessera runs as root,
 * the LOCAL channel calls this target in a child JVM already switched to the user, which finds it through
 * {@link java.util.ServiceLoader}.
 */
@Component(service = DeliveryTarget.class, property = DeliveryTarget.KIND + "=" + DeliveryTarget.PROGRAM,
        configurationPid = ProgramTarget.PID)
@Designate(ocd = ProgramTargetConfiguration.class)
public final class ProgramTarget implements DeliveryTarget {

    static final String PID = "org.tessera.delivery.program";

    // The server's settings that reach programs, and the names the user process gets this target's
    // configuration under (system properties "<class>.<attribute>", as the LOCAL channel passes them).
    private static final List<String> SERVER_VARIABLES = List.of("tessera.home", "tessera.qmqp.port");
    private static final String CONFIGURED = ProgramTarget.class.getName() + ".";

    private volatile ProgramRunner runner;

    /**
     * Creates the target as a user process does (no OSGi): the configuration from system
     * properties {@code <this class>.path} and {@code .timeoutSeconds}, else the defaults.
     */
    public ProgramTarget() {
        runner = runner(System.getProperty(CONFIGURED + "path", ProgramRunner.DEFAULT_PATH),
                Long.getLong(CONFIGURED + "timeoutSeconds", ProgramRunner.DEFAULT_TIMEOUT_SECONDS));
    }

    @Activate
    @Modified
    void configure(ProgramTargetConfiguration config) {
        runner = runner(config.path(), config.timeoutSeconds());
    }

    private static ProgramRunner runner(String path, long timeoutSeconds) {
        Map<String, String> server = new HashMap<>();
        for (String property : SERVER_VARIABLES) {
            String value = System.getProperty(property);
            if (value != null) {
                server.put(property.toUpperCase(Locale.ROOT).replace('.', '_'), value);
            }
        }
        return new ProgramRunner(new ProgramRunner.Settings(ProgramRunner.SHELL, path,
                Duration.ofSeconds(Math.max(1, timeoutSeconds)), server));
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) {
        return runner.run(delivery.user().home(), delivery.arguments().get(0), delivery.environment(),
                delivery.content());
    }
}
