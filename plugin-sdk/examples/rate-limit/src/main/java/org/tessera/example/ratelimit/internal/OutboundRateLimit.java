package org.tessera.example.ratelimit.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.policy.Authentication;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.Verdict;

/**
 * Outbound rate limits: a recipient outside {@code rcpthosts} (mail Tessera would relay) counts against
 * the authenticated user who sends it and against the envelope sender's domain; past either limit within
 * the window it is deferred with {@code 451}, so a compromised account or a runaway script costs a
 * limited number of messages, and the sending MTA or client retries once the allowance comes back.
 * Under the limits the policy has no opinion, and the chain (rcpthosts, RELAYCLIENT, authentication)
 * decides as without it.
 *
 * <p>Only clients that may relay at all are counted (authenticated, or with {@code RELAYCLIENT}): an
 * unauthenticated client naming random sender domains is refused by the rcpthosts policy anyway, and
 * must not be able to fill this policy's memory.
 *
 * <p>Each limit is a token bucket per key (user, domain): it holds the limit when full and refills at
 * limit ÷ window per second, so the allowance comes back evenly rather than all at once at a window's
 * edge. A recipient takes a token from both buckets only when both have one, so a deferred recipient
 * costs nothing. The counts live in memory: a restart or an update of this bundle starts every sender
 * afresh.
 */
// Above RecipientCheck (100) and the rcpthosts policy (0): asked first, and never the last word but on a refusal.
@Component(service = RelayPolicy.class, configurationPid = OutboundRateLimit.PID)
@Ranking(OutboundRateLimit.RANKING)
@Designate(ocd = OutboundRateLimitConfiguration.class)
public final class OutboundRateLimit implements RelayPolicy {

    /** The configuration PID. */
    static final String PID = "org.tessera.example.ratelimit";

    /** Asked before the built-in relay policies. */
    static final int RANKING = 200;

    // Buckets that have refilled are removed once the table holds this many: a bound on memory however
    // many users and domains come and go.
    private static final int MAX_BUCKETS = 100_000;

    private final ControlFiles control;
    private final Clock clock;
    private final Limit perUser;
    private final Limit perDomain;
    private final Map<String, Bucket> buckets = new HashMap<>(); // guarded by this

    @Activate
    public OutboundRateLimit(@Reference ControlFiles control, OutboundRateLimitConfiguration config) {
        this(control, config, Clock.systemUTC());
    }

    OutboundRateLimit(ControlFiles control, OutboundRateLimitConfiguration config, Clock clock) {
        this.control = control;
        this.clock = clock;
        this.perUser = new Limit(config.perUser(), config.windowSeconds());
        this.perDomain = new Limit(config.perSenderDomain(), config.windowSeconds());
    }

    @Override
    public Verdict check(MailTransaction transaction, MailAddress recipient) {
        boolean mayRelay = transaction.authentication().isPresent()
                || transaction.environment().containsKey("RELAYCLIENT");
        if (!mayRelay || control.isRcptHost(recipient.domain())) {
            return Verdict.NO_OPINION;
        }
        String domain = transaction.sender().map(MailAddress::domain).orElse("").toLowerCase(Locale.ROOT);
        Optional<String> login = transaction.authentication().map(Authentication::user);
        long now = clock.millis();
        // One lock for the table and its buckets: a check is a few arithmetic steps, so two recipients never
        // wait on each other for long, and both buckets are judged and taken together.
        synchronized (this) {
            Bucket user = login.isPresent() && perUser.max() > 0 ? bucket("user " + login.get(), perUser, now) : null;
            Bucket senderDomain = perDomain.max() > 0 ? bucket("domain " + domain, perDomain, now) : null;
            if (user != null && !user.hasToken(now)) {
                return tooMany("user " + login.get());
            }
            if (senderDomain != null && !senderDomain.hasToken(now)) {
                return tooMany("sender domain " + domain);
            }
            if (user != null) {
                user.take();
            }
            if (senderDomain != null) {
                senderDomain.take();
            }
        }
        return Verdict.NO_OPINION;
    }

    private static Verdict tooMany(String who) {
        return new Verdict(Verdict.Outcome.DEFER, 451, "sorry, " + who + " has sent too much mail, try again later (#4.7.1)");
    }

    private Bucket bucket(String key, Limit limit, long now) {
        if (buckets.size() >= MAX_BUCKETS) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(limit, now));
    }

    /** A limit: at most {@code max} recipients, refilling over {@code windowSeconds}. */
    private record Limit(int max, int windowSeconds) {
        double tokensPerMilli() {
            return max / (windowSeconds * 1000.0);
        }
    }

    /** Tokens of one user or domain. */
    private static final class Bucket {
        private final Limit limit;
        private double tokens;
        private long updated;

        Bucket(Limit limit, long now) {
            this.limit = limit;
            this.tokens = limit.max();
            this.updated = now;
        }

        boolean hasToken(long now) {
            refill(now);
            return tokens >= 1;
        }

        void take() {
            tokens -= 1;
        }

        boolean isFull(long now) {
            refill(now);
            return tokens >= limit.max();
        }

        private void refill(long now) {
            tokens = Math.min(limit.max(), tokens + (now - updated) * limit.tokensPerMilli());
            updated = now;
        }
    }
}
