package org.tessera.testkit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock (UTC) the test moves by hand, so that times (retries, rate windows) are tested without sleeping. */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    /** A clock that stands at {@code start} until moved. */
    public MutableClock(Instant start) {
        now = new AtomicReference<>(start);
    }

    /** Moves the clock on by {@code seconds}. */
    public void advance(long seconds) {
        now.updateAndGet(t -> t.plusSeconds(seconds));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
