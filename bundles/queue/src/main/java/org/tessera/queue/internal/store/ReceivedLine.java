package org.tessera.queue.internal.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.tessera.api.queue.Origin;

/** The line qmail-queue prepends to every message, as qmail-queue.c writes it. */
public final class ReceivedLine {

    // English month names whatever the server's locale: the line must read as qmail's does.
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private ReceivedLine() {
    }

    /** Returns {@code Received: (qmail <qp> invoked <who>); <date> -0000} and its LF. */
    public static String of(long qp, Origin origin, Instant when) {
        return "Received: (qmail " + qp + " invoked " + who(origin) + "); " + DATE.format(when) + " -0000\n";
    }

    static String who(Origin origin) {
        return switch (origin.kind()) {
            case NETWORK -> "from network";
            case BOUNCE -> "for bounce";
            case ALIAS -> "by alias";
            case USER -> "by uid " + origin.uid();
        };
    }
}
