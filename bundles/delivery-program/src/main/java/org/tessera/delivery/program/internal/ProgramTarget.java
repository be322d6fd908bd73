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
import org.tessera.api.delivery.DeliveryKind;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.delivery.UserProcessTarget;
import org.tessera.common.delivery.TargetProperties;

/**
 * The {@code |command} instruction of a {@code .qmail} file (dot-qmail(5), qmail-command(8)):
 * {@code /bin/sh -c command} in the user's home, with the qmail-command environment and the message on
 * standard input; its output is the report. Programs run as the current user: when Tessera runs as root,
 * the LOCAL channel runs this target in the user's own process, already switched to the user.
 */
@Component(service = DeliveryTarget.class, configurationPid = ProgramTarget.PID)
@DeliveryKind(DeliveryTarget.PROGRAM)
@Designate(ocd = ProgramTargetConfiguration.class)
public final class ProgramTarget implements UserProcessTarget {

    static final String PID = "org.tessera.delivery.program";

    // The server's settings that reach programs.
    private static final List<String> SERVER_VARIABLES = List.of("tessera.home", "tessera.qmqp.port");

    private volatile ProgramRunner runner = runner(ProgramRunner.DEFAULT_PATH, ProgramRunner.DEFAULT_TIMEOUT_SECONDS);

    // The same reading of the configuration as in a user process (UserProcessTarget's contract).
    @Activate
    @Modified
    void activate(Map<String, Object> properties) {
        configure(TargetProperties.scalars(properties));
    }

    /** {@code path} and {@code timeoutSeconds}, as {@link ProgramTargetConfiguration} describes them. */
    @Override
    public void configure(Map<String, String> configuration) {
        String path = configuration.getOrDefault("path", ProgramRunner.DEFAULT_PATH);
        runner = runner(path, TargetProperties.longValue(configuration, "timeoutSeconds",
                ProgramRunner.DEFAULT_TIMEOUT_SECONDS));
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
