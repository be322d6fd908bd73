package org.tessera.tools.inject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/** The Date and Message-ID fields qmail-inject adds, in qmail's exact formats (spec 05 §1.3). */
final class GeneratedFields {

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    private GeneratedFields() {
    }

    /** {@code Date: 5 Mar 2024 07:08:09 -0000}: UTC, no weekday, day not padded. */
    static String date(Instant when) {
        ZonedDateTime time = when.atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "Date: %d %s %d %02d:%02d:%02d -0000\n", time.getDayOfMonth(),
                MONTHS[time.getMonthValue() - 1], time.getYear(), time.getHour(), time.getMinute(), time.getSecond());
    }

    /** {@code Message-ID: <20240305070809.4242.qmail@idhost>}. */
    static String messageId(Instant when, long processId, String idHost) {
        ZonedDateTime time = when.atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "Message-ID: <%d%02d%02d%02d%02d%02d.%d.qmail@", time.getYear(), time.getMonthValue(),
                time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond(), processId)
                + idHost + ">\n";
    }
}
