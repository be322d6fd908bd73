package org.tessera.tools.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class GeneratedFieldsTest {

    @Test
    void writesTheDateInUtcWithoutWeekdayOrDayPadding() {
        assertEquals("Date: 5 Mar 2024 07:08:09 -0000\n", GeneratedFields.date(Instant.parse("2024-03-05T07:08:09Z")));
        assertEquals("Date: 31 Dec 1999 23:59:59 -0000\n", GeneratedFields.date(Instant.parse("1999-12-31T23:59:59Z")));
    }

    @Test
    void writesTheMessageIdFromTimePidAndIdHost() {
        assertEquals("Message-ID: <20240105010203.99.qmail@id.example>\n",
                GeneratedFields.messageId(Instant.parse("2024-01-05T01:02:03Z"), 99, "id.example"));
    }
}
