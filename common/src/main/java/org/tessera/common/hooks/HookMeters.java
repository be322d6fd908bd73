package org.tessera.common.hooks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.tessera.api.metrics.Counter;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;
import org.tessera.api.metrics.Timer;
import org.tessera.common.metrics.NoMetrics;

/**
 * What {@link HookCalls} measures of each plugin it calls for one listener: how long its calls took,
 * how many passed their deadline, how many threw or answered nothing. The plugin is named by its class,
 * a label with as many values as plugins are installed.
 */
public final class HookMeters {

    static final MeterId CALL_SECONDS = MeterId.of("tessera_plugin_call_seconds",
            "Time a plugin's hook call took (connection rules, HELO, sender and relay policies, message filters),"
                    + " by listener and plugin class; calls past their deadline are in it once they return.");
    static final MeterId TIMEOUTS = MeterId.of("tessera_plugin_call_timeouts_total",
            "Hook calls answered as failures because the plugin passed its deadline, by listener and plugin class.");
    static final MeterId FAILURES = MeterId.of("tessera_plugin_call_failures_total",
            "Hook calls that threw or answered nothing (a temporary failure for the client), by listener and plugin"
                    + " class.");

    /** The meters of a listener without a metrics service: they record nothing. */
    public static final HookMeters NONE = new HookMeters(NoMetrics.INSTANCE, "none");

    private record PluginMeters(Timer calls, Counter timeouts, Counter failures) {
    }

    private final Metrics metrics;
    private final String listener;
    // By class name, not by class: a plugin's class loader must not stay pinned after its bundle left.
    private final Map<String, PluginMeters> plugins = new ConcurrentHashMap<>();

    /**
     * @param metrics where the meters go
     * @param listener the listener's name ({@code smtp}, {@code qmtp}, ...), the {@code listener} label
     */
    public HookMeters(Metrics metrics, String listener) {
        this.metrics = metrics;
        this.listener = listener;
    }

    void called(Object hook, long nanoseconds) {
        of(hook).calls().recordNanos(nanoseconds);
    }

    void timedOut(Object hook) {
        of(hook).timeouts().increment();
    }

    void failed(Object hook) {
        of(hook).failures().increment();
    }

    private PluginMeters of(Object hook) {
        return plugins.computeIfAbsent(pluginName(hook), plugin -> new PluginMeters(
                metrics.timer(CALL_SECONDS.label("listener", listener).label("plugin", plugin)),
                metrics.counter(TIMEOUTS.label("listener", listener).label("plugin", plugin)),
                metrics.counter(FAILURES.label("listener", listener).label("plugin", plugin))));
    }

    // A class name can pass the label's limit; its end (the simple name) tells most.
    static String pluginName(Object hook) {
        String name = hook.getClass().getName();
        return name.length() <= MeterId.MAX_LABEL_VALUE ? name : name.substring(name.length() - MeterId.MAX_LABEL_VALUE);
    }
}
