package org.tessera.local.internal;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.delivery.UserProcessTarget;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.common.delivery.TargetProperties;
import org.tessera.common.errors.ErrorText;
import org.tessera.common.services.RankedServices;

/**
 * Local delivery of a server running as root (the "Two modes" of this bundle's README): every
 * delivery for a user runs in a user process switched to the user's uid and gid
 * ({@link UserProcesses}), which reads the {@code .qmail} files and runs the targets that are
 * {@link UserProcessTarget}s (Maildir, mbox, programs, and plugins written so). Forwards and other
 * plugin kinds run in the server, asked for by the user process. When the targets
 * change, the class path is rebuilt and the running user processes are retired.
 */
final class RootMode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RootMode.class);

    // What the targets read from the server's system properties (see bin/tessera).
    private static final List<String> SERVER_PROPERTIES = List.of("tessera.home", "tessera.qmqp.port", "karaf.home");

    private final BundleContext context;
    private final Supplier<Map<String, RankedServices.Ranked<DeliveryTarget>>> targets;
    private final Function<String, Optional<DeliveryTarget>> target;
    private final BiConsumer<String, MessageContent> carriedOut;
    private final long idleSeconds;
    private final int maxProcesses;
    private State state;
    private boolean targetsChanged;

    /**
     * The user processes of one set of targets.
     *
     * @param ownTargets what the processes were started with: their targets' kinds and classes, the properties
     *        they were given, and the revision of each bundle on their class path; the processes last as long
     *        as it stands
     */
    private record State(UserProcesses processes, Set<String> serverKinds, List<Object> ownTargets) {
    }

    /**
     * @param targets the highest-ranked target of each kind with its service properties, as they stand
     * @param target the highest-ranked target of a kind, as it stands
     * @param carriedOut told of each instruction a user process carried out itself, with its message
     * @param idleSeconds how long a user process waits for its next delivery
     * @param maxProcesses how many user processes may run at once
     */
    RootMode(BundleContext context, Supplier<Map<String, RankedServices.Ranked<DeliveryTarget>>> targets,
            Function<String, Optional<DeliveryTarget>> target, BiConsumer<String, MessageContent> carriedOut,
            long idleSeconds, int maxProcesses) {
        this.context = context;
        this.targets = targets;
        this.target = target;
        this.carriedOut = carriedOut;
        this.idleSeconds = idleSeconds;
        this.maxProcesses = maxProcesses;
    }

    DeliveryReport deliver(QmailLocal.Request request) {
        State current;
        try {
            current = state();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot prepare the user processes' class path", e);
            String why = e instanceof FileSystemException fs ? fs.getFile() + ": " + ErrorText.of(fs)
                    : String.valueOf(e.getMessage());
            return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, UserProcesses.unableToRun(request.user().user(),
                    "cannot write the user processes' class path in the server's data directory: " + why));
        }
        return current.processes().deliver(request, current.serverKinds(), target,
                kind -> carriedOut.accept(kind, request.content()));
    }

    /**
     * The targets changed: the next delivery looks at them again, and starts new user processes only when
     * the targets the processes run themselves changed (a plugin of the server's own coming or going, a
     * webhook say, leaves them running).
     */
    synchronized void targetsChanged() {
        targetsChanged = true;
    }

    private synchronized State state() throws IOException {
        if (state != null && !targetsChanged) {
            return state;
        }
        targetsChanged = false;
        Map<String, String> own = new HashMap<>();
        Map<String, String> properties = new HashMap<>();
        for (String name : SERVER_PROPERTIES) {
            String value = System.getProperty(name);
            if (value != null) {
                properties.put(name, value);
            }
        }
        Set<String> serverKinds = new HashSet<>();
        List<Bundle> bundles = new ArrayList<>(List.of(context.getBundle()));
        for (Map.Entry<String, RankedServices.Ranked<DeliveryTarget>> kind : targets.get().entrySet()) {
            Class<?> type = kind.getValue().service().getClass();
            Bundle bundle = FrameworkUtil.getBundle(type);
            if (bundle != null && kind.getValue().service() instanceof UserProcessTarget) {
                own.put(kind.getKey(), type.getName());
                // A user process has no configuration admin: the configuration travels as system
                // properties "<class>.<property>", which UserProcessMain hands to configure().
                TargetProperties.scalars(kind.getValue().properties())
                        .forEach((name, value) -> properties.put(type.getName() + "." + name, value));
                if (!bundles.contains(bundle)) {
                    bundles.add(bundle);
                }
            } else {
                serverKinds.add(kind.getKey());
            }
        }
        // A bundle updated in place keeps its id: its last-modified time tells the new classes from the old.
        List<Object> ownTargets = List.of(own, properties,
                bundles.stream().map(bundle -> bundle.getBundleId() + "@" + bundle.getLastModified()).toList());
        if (state != null && state.ownTargets().equals(ownTargets)) {
            state = new State(state.processes(), serverKinds, ownTargets);
            LOG.info("the server's own targets are now {}; user processes go on", serverKinds);
            return state;
        }
        if (state != null) {
            // The retired processes end by themselves once their deliveries are done.
            state.processes().retireAll();
        }
        Path dir = context.getDataFile("user-classpath").toPath();
        List<Path> classPath = UserClassPath.of(bundles, dir);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        state = new State(new UserProcesses(UserProcesses.setpriv(java, classPath, own, properties), idleSeconds,
                maxProcesses),
                serverKinds, ownTargets);
        LOG.info("deliveries run in user processes; their own targets {}, the server's {}", own.keySet(), serverKinds);
        return state;
    }

    @Override
    public synchronized void close() {
        if (state != null) {
            state.processes().close();
            state = null;
        }
    }
}
