package org.tessera.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.maillog.MailLogLine;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;
import org.tessera.common.metrics.NoMetrics;

/**
 * Slows password guessing down, for every listener that checks passwords (SMTP AUTH, POP3), as Dovecot's
 * {@code auth_failure_delay} and Postfix's anvil do: the answer to a failed login waits, twice as long
 * for each further failure of the same client address or user name within the window; once either has
 * failed its limit of times, its logins are refused without a check (a temporary refusal: 454 4.7.0,
 * {@code -ERR [SYS/TEMP]}) until the lockout ends. A successful login waits for nothing and forgets the
 * user's failures. The counts live in memory, bounded: the least recently failed are forgotten first.
 */
@Component(service = LoginThrottle.class, configurationPid = LoginThrottle.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LoginThrottleConfiguration.class)
public final class LoginThrottle {

    static final String PID = "org.tessera.login";
    static final MeterId LOGINS = MeterId.of("tessera_logins_total",
            "Login attempts (SMTP AUTH, POP3) by listener, mechanism (PLAIN, LOGIN, USER, APOP) and result (ok,"
                    + " failed: a wrong password, a lockout, a checker that could not answer).");

    /**
     * The limits.
     *
     * @param firstDelay how long the answer to a first failure waits; it doubles with each further one
     * @param maxDelay the longest wait
     * @param perAddress failures from one client address that lock it out; 0: no limit
     * @param perUser failures for one user name that lock it out; 0: no limit
     * @param window how long a failure counts
     * @param lockout how long a lockout lasts
     * @param maxEntries addresses and users remembered at most
     */
    public record Limits(Duration firstDelay, Duration maxDelay, int perAddress, int perUser, Duration window,
            Duration lockout, int maxEntries) {
    }

    private static final class Failures {
        int count;
        long lastNanos;
        long lockedUntilNanos;
    }

    private final LongSupplier nanoTime;
    private volatile Metrics metrics = NoMetrics.INSTANCE;
    // Access order: the eldest entry is the one that failed least recently.
    private final Map<String, Failures> failures = new LinkedHashMap<>(256, 0.75f, true);
    private long firstDelayMillis;
    private long maxDelayMillis;
    private int perAddress;
    private int perUser;
    private long windowNanos;
    private long lockoutNanos;
    private int maxEntries;

    public LoginThrottle() {
        this(System::nanoTime);
    }

    LoginThrottle(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A throttle outside DS (a listener embedded in a test or a tool). */
    public static LoginThrottle with(Limits limits) {
        LoginThrottle throttle = new LoginThrottle();
        throttle.configure(limits);
        return throttle;
    }

    @Activate
    @Modified
    void activate(LoginThrottleConfiguration configuration) {
        configure(new Limits(Duration.ofMillis(configuration.failureDelayMillis()),
                Duration.ofSeconds(configuration.maxFailureDelaySeconds()), configuration.failuresPerAddress(),
                configuration.failuresPerUser(), Duration.ofSeconds(configuration.windowSeconds()),
                Duration.ofSeconds(configuration.lockoutSeconds()), configuration.maxEntries()));
    }

    /** Takes new limits; the failures counted so far stay. */
    public synchronized void configure(Limits limits) {
        firstDelayMillis = Math.max(0, limits.firstDelay().toMillis());
        maxDelayMillis = Math.max(firstDelayMillis, limits.maxDelay().toMillis());
        perAddress = Math.max(0, limits.perAddress());
        perUser = Math.max(0, limits.perUser());
        windowNanos = Math.max(1, limits.window().toNanos());
        lockoutNanos = Math.max(0, limits.lockout().toNanos());
        maxEntries = Math.max(1, limits.maxEntries());
    }

    /** Whether logins from this address or for this user are refused now, before any password is checked. */
    public synchronized boolean isLockedOut(String address, String user) {
        long now = nanoTime.getAsLong();
        return locked(failures.get(addressKey(address)), now) || locked(failures.get(userKey(user)), now);
    }

    /** Counts a failed login; returns how long its answer waits. */
    public synchronized Duration failed(String address, String user) {
        long now = nanoTime.getAsLong();
        int byAddress = count(addressKey(address), perAddress, now);
        int byUser = count(userKey(user), perUser, now);
        int worst = Math.max(byAddress, byUser);
        long delay = firstDelayMillis << Math.min(worst - 1, 30);
        return Duration.ofMillis(Math.min(delay, maxDelayMillis));
    }

    /** A good login: the user's failures are forgotten; the address's still count. */
    public synchronized void succeeded(String user) {
        failures.remove(userKey(user));
    }

    private int count(String key, int limit, long now) {
        Failures entry = failures.computeIfAbsent(key, k -> new Failures());
        if (now - entry.lastNanos > windowNanos) {
            entry.count = 0;
        }
        entry.count++;
        entry.lastNanos = now;
        if (limit > 0 && entry.count >= limit) {
            entry.lockedUntilNanos = now + lockoutNanos;
        }
        forgetEldest();
        return entry.count;
    }

    private boolean locked(Failures entry, long now) {
        return entry != null && entry.lockedUntilNanos - now > 0;
    }

    private void forgetEldest() {
        Iterator<Failures> eldest = failures.values().iterator();
        while (failures.size() > maxEntries && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    private static String addressKey(String address) {
        return "address " + address;
    }

    private static String userKey(String user) {
        return "user " + user.toLowerCase(Locale.ROOT);
    }

    /**
     * One login attempt, done: counted ({@code tessera_logins_total} by listener, mechanism and result) and
     * its mail-log line returned, as {@link #logLine} makes it.
     */
    public MailLogLine attempted(String listener, boolean accepted, String user, String address, String mechanism,
            String why) {
        metrics.counter(LOGINS.label("listener", listener).label("mechanism", mechanism)
                .label("result", accepted ? "ok" : "failed")).increment();
        return logLine(listener, accepted, user, address, mechanism, why);
    }

    /** The metrics service came (by DS, or by hand outside DS). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMetrics")
    public void bindMetrics(Metrics service) {
        metrics = service;
    }

    /** The metrics service went: nothing is recorded until one comes. */
    public void unbindMetrics(Metrics service) {
        if (metrics == service) {
            metrics = NoMetrics.INSTANCE;
        }
    }

    /**
     * The mail-log line of one login attempt: listener, result, user, client address and mechanism, and
     * why it failed; never the password. The user name is the client's bytes, kept to one printable line.
     */
    public static MailLogLine logLine(String listener, boolean accepted, String user, String address,
            String mechanism, String why) {
        StringBuilder line = new StringBuilder(listener).append(": login ").append(accepted ? "ok " : "failed ")
                .append(printable(user)).append(" from ").append(address).append(" mechanism ").append(mechanism);
        if (why != null && !why.isEmpty()) {
            line.append(": ").append(why);
        }
        return new MailLogLine(Instant.now(), MailLogLine.Kind.LOGIN, line.toString());
    }

    private static String printable(String name) {
        if (name.isEmpty()) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(name.length(), 128));
        for (int i = 0; i < name.length() && i < 128; i++) {
            char c = name.charAt(i);
            out.append(c < 0x21 || c > 0x7e ? '?' : c);
        }
        return out.toString();
    }
}
