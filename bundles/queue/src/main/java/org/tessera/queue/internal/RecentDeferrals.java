package org.tessera.queue.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tessera.api.queue.DeferralReason;

/**
 * The last few distinct reasons deliveries were deferred for, each with its count and latest time,
 * for {@code qmail:stat}: a reason repeated by every retry of every message is one entry, and the
 * least recently seen makes room when more come. Used on the scheduler's thread only.
 */
final class RecentDeferrals {

    /** How many distinct reasons are kept. */
    static final int KEPT = 10;

    private record Seen(long count, Instant last) {
    }

    // Access order: a reason seen again moves to the end, the eldest is the least recently seen.
    private final Map<String, Seen> reasons = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > KEPT;
        }
    };

    /** Counts one deferral with the channel's report {@code text} (lines ending in LF). */
    void deferred(String text, Instant at) {
        String reason = reason(text);
        Seen before = reasons.get(reason);
        reasons.put(reason, new Seen(before == null ? 1 : before.count() + 1, at));
    }

    /** The reasons kept, the most recently seen first. */
    List<DeferralReason> recent() {
        List<DeferralReason> recent = new ArrayList<>(reasons.size());
        reasons.forEach((reason, seen) -> recent.add(0, new DeferralReason(reason, seen.count(), seen.last())));
        return recent;
    }

    // One line, as the mail log joins a report's lines, keeping spaces for a human reader.
    private static String reason(String text) {
        String joined = text.strip().replace('\n', '/');
        StringBuilder b = new StringBuilder(joined.length());
        joined.codePoints().forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '_' : cp));
        return b.length() == 0 ? "(no text)" : b.toString();
    }
}
