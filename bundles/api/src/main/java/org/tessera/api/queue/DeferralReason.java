package org.tessera.api.queue;

import java.time.Instant;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One reason deliveries were deferred lately, as {@code qmail:stat} lists them: the operator sees
 * each distinct reason once, with how often it came, instead of one mail log line per attempt.
 *
 * @param reason the deferral's report as the channel gave it, its lines joined with {@code /}
 *     (the mail log's {@code delivery N: deferral:} text, with its spaces)
 * @param count how many deferrals gave this reason since it was first among the recent ones
 * @param last when the latest of them was reported
 * @since 1.2
 */
@ProviderType
public record DeferralReason(String reason, long count, Instant last) {

    /**
     * Validates the components.
     *
     * @param reason not null
     * @param count 1 or more
     * @param last not null
     * @throws IllegalArgumentException when {@code count} is below 1
     * @throws NullPointerException when {@code reason} or {@code last} is null
     */
    public DeferralReason {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(last, "last");
        if (count < 1) {
            throw new IllegalArgumentException("count " + count + " < 1");
        }
    }
}
