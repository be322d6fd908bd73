package org.tessera.tools.inject;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The Date and Message-ID fields qmail-inject adds, in qmail's exact formats (qmail-inject(8)).
 * Written digit by digit rather than with {@code String.format}: the formatter's locale machinery
 * costs a short-lived tool several milliseconds of start-up.
 */
final class GeneratedFields {

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    private GeneratedFields() {
    }

    /** {@code Date: 5 Mar 2024 07:08:09 -0000}: UTC, no weekday, day not padded. */
    static String date(Instant when) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(when.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder field = new StringBuilder(40).append("Date: ").append(time.getDayOfMonth()).append(' ')
                .append(MONTHS[time.getMonthValue() - 1]).append(' ').append(time.getYear()).append(' ');
        twoDigits(field, time.getHour()).append(':');
        twoDigits(field, time.getMinute()).append(':');
        return twoDigits(field, time.getSecond()).append(" -0000\n").toString();
    }

    /** {@code Message-ID: <20240305070809.4242.qmail@idhost>}. */
    static String messageId(Instant when, long processId, String idHost) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(when.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder field = new StringBuilder(64).append("Message-ID: <").append(time.getYear());
        twoDigits(field, time.getMonthValue());
        twoDigits(field, time.getDayOfMonth());
        twoDigits(field, time.getHour());
        twoDigits(field, time.getMinute());
        twoDigits(field, time.getSecond());
        return field.append('.').append(processId).append(".qmail@").append(idHost).append(">\n").toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
