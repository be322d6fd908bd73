package org.tessera.shell.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.tessera.api.listener.Listener;
import org.tessera.api.listener.ListenerState;
import org.tessera.api.queue.MailQueue;

/** Reads the live state of Tessera's bundles, components and plugin services from the framework and SCR. */
final class TesseraRuntime {

    static final String BUNDLE_PREFIX = "org.tessera.";
    static final String SPI_PACKAGE_PREFIX = "org.tessera.api.";
    // Listeners are Tessera's own services, reported apart from the plugins.
    private static final String LISTENER_PACKAGE_PREFIX = "org.tessera.api.listener.";

    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    TesseraRuntime(BundleContext context, ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    List<BundleStatus> bundles() {
        return tesseraBundles()
                .map(b -> new BundleStatus(b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(),
                        stateName(b.getState()), isHealthy(b)))
                .toList();
    }

    List<ComponentStatus> components() {
        Bundle[] bundles = tesseraBundles().toArray(Bundle[]::new);
        if (bundles.length == 0) {
            return List.of();
        }
        List<ComponentStatus> result = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundles)) {
            result.addAll(statusOf(description));
        }
        result.sort(Comparator.comparing(ComponentStatus::bundle).thenComparing(ComponentStatus::name));
        return result;
    }

    List<PluginService> plugins() {
        ServiceReference<?>[] references;
        try {
            references = context.getAllServiceReferences(null, null);
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        if (references == null) {
            return List.of();
        }
        List<PluginService> result = new ArrayList<>();
        for (ServiceReference<?> reference : references) {
            Bundle provider = reference.getBundle();
            if (provider == null) {
                continue; // unregistered while we looked
            }
            for (String type : (String[]) reference.getProperty(Constants.OBJECTCLASS)) {
                if (type.startsWith(SPI_PACKAGE_PREFIX) && !type.startsWith(LISTENER_PACKAGE_PREFIX)) {
                    result.add(new PluginService(type.substring(type.lastIndexOf('.') + 1),
                            kindOf(reference), ranking(reference),
                            (Long) reference.getProperty(Constants.SERVICE_ID),
                            String.valueOf(reference.getProperty("component.name")),
                            provider.getSymbolicName(), provider.getVersion().toString(),
                            stateName(provider.getState())));
                }
            }
        }
        result.sort(Comparator.comparing(PluginService::type)
                .thenComparing(Comparator.comparingInt(PluginService::ranking).reversed())
                .thenComparingLong(PluginService::serviceId));
        return result;
    }

    /** A running listener's state and how it speaks TLS. */
    record ListenerView(ListenerState state, String tlsMode) {
    }

    /** Each running listener's state, by protocol and name. */
    List<ListenerView> listeners() {
        Collection<ServiceReference<Listener>> references;
        try {
            references = context.getServiceReferences(Listener.class, null);
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        List<ListenerView> states = new ArrayList<>();
        for (ServiceReference<Listener> reference : references) {
            Listener listener = context.getService(reference);
            if (listener == null) {
                continue; // gone while we looked
            }
            try {
                states.add(new ListenerView(listener.state(), listener.tlsMode()));
            } finally {
                context.ungetService(reference);
            }
        }
        states.sort(Comparator.comparing((ListenerView view) -> view.state().protocol())
                .thenComparing(view -> view.state().name()));
        return states;
    }

    /** The DS components that serve listeners (qmailctl's tcpserver services). */
    List<ComponentDescriptionDTO> listenerComponents() {
        return componentsProviding(Listener.class.getName());
    }

    /** The DS components that provide the mail queue (qmailctl's qmail-send). */
    List<ComponentDescriptionDTO> queueComponents() {
        return componentsProviding(MailQueue.class.getName());
    }

    private List<ComponentDescriptionDTO> componentsProviding(String service) {
        Bundle[] bundles = tesseraBundles().toArray(Bundle[]::new);
        if (bundles.length == 0) {
            return List.of();
        }
        return scr.getComponentDescriptionDTOs(bundles).stream()
                .filter(d -> Arrays.asList(d.serviceInterfaces).contains(service))
                .sorted(Comparator.comparing((ComponentDescriptionDTO d) -> d.name))
                .toList();
    }

    /**
     * Enables or disables components and waits until SCR has done it: a disabled component's
     * configurations are deactivated (a listener closes its socket), an enabled one's activated again.
     *
     * @return the names of the components whose state changed
     */
    List<String> setEnabled(List<ComponentDescriptionDTO> components, boolean enabled) throws Exception {
        List<String> changed = new ArrayList<>();
        for (ComponentDescriptionDTO component : components) {
            if (scr.isComponentEnabled(component) == enabled) {
                continue;
            }
            (enabled ? scr.enableComponent(component) : scr.disableComponent(component)).getValue();
            changed.add(component.name);
        }
        return changed;
    }

    private Stream<Bundle> tesseraBundles() {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(BUNDLE_PREFIX))
                .sorted(Comparator.comparing(Bundle::getSymbolicName));
    }

    private List<ComponentStatus> statusOf(ComponentDescriptionDTO description) {
        String bundle = description.bundle.symbolicName;
        if (!scr.isComponentEnabled(description)) {
            // A listener stopped on purpose (qmail:stop) is not a broken part.
            boolean stoppedListener = Arrays.asList(description.serviceInterfaces).contains(Listener.class.getName());
            return List.of(stoppedListener
                    ? new ComponentStatus(description.name, bundle, "STOPPED", "qmail:start starts it", -1, true)
                    : new ComponentStatus(description.name, bundle, "DISABLED", "", -1, false));
        }
        var configurations = scr.getComponentConfigurationDTOs(description);
        if (configurations.isEmpty()) {
            // A component that requires configuration and has none (a listener nobody configured) is idle, not broken.
            boolean waitsForConfiguration = "require".equals(description.configurationPolicy);
            return List.of(new ComponentStatus(description.name, bundle,
                    waitsForConfiguration ? "NO CONFIGURATION" : "NOT CREATED", "", -1, waitsForConfiguration));
        }
        return configurations.stream().map(c -> statusOf(description, c)).toList();
    }

    private static ComponentStatus statusOf(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        String name = description.name;
        Object pid = configuration.properties.get(Constants.SERVICE_PID);
        if (pid != null && description.factory == null && !name.equals(pid)) {
            name = name + " [" + pid + "]";
        }
        String bundle = description.bundle.symbolicName;
        return switch (configuration.state) {
            case ComponentConfigurationDTO.ACTIVE ->
                    new ComponentStatus(name, bundle, "ACTIVE", "", configuration.id, true);
            case ComponentConfigurationDTO.SATISFIED ->
                    new ComponentStatus(name, bundle, "SATISFIED", "activated on first use", configuration.id, true);
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE ->
                    new ComponentStatus(name, bundle, "UNSATISFIED", "missing " + missingReferences(configuration),
                            configuration.id, false);
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION ->
                    new ComponentStatus(name, bundle, "UNSATISFIED", "missing configuration", configuration.id, false);
            case ComponentConfigurationDTO.FAILED_ACTIVATION ->
                    new ComponentStatus(name, bundle, "FAILED", String.valueOf(configuration.failure),
                            configuration.id, false);
            default -> new ComponentStatus(name, bundle, "STATE " + configuration.state, "", configuration.id, false);
        };
    }

    private static String missingReferences(ComponentConfigurationDTO configuration) {
        return Arrays.stream(configuration.unsatisfiedReferences)
                .map((UnsatisfiedReferenceDTO r) -> r.name)
                .reduce((a, b) -> a + ", " + b)
                .orElse("references");
    }

    private static int ranking(ServiceReference<?> reference) {
        return reference.getProperty(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0;
    }

    private static boolean isHealthy(Bundle bundle) {
        boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
        return bundle.getState() == Bundle.ACTIVE || (fragment && bundle.getState() == Bundle.RESOLVED);
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "STATE " + state;
        };
    }

    /**
     * A plugin's role among services of the same type: the value of its first property whose
     * key is {@code kind} or {@code channel}, or ends with {@code .kind} or {@code .channel}.
     */
    private static String kindOf(ServiceReference<?> reference) {
        for (String key : reference.getPropertyKeys()) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.equals("kind") || lower.equals("channel") || lower.endsWith(".kind") || lower.endsWith(".channel")) {
                Object value = reference.getProperty(key);
                return value instanceof String[] values ? String.join(",", values) : String.valueOf(value);
            }
        }
        return "-";
    }
}
