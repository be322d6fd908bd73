package org.tessera.example.subjectfilter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;
import org.tessera.api.filter.FilterResult;
import org.tessera.api.policy.MailTransaction;
import org.tessera.testkit.TestMessage;
import org.tessera.testkit.TestTransaction;

class SubjectFilterTest {

    private static final MailTransaction TRANSACTION = TestTransaction.from("192.0.2.7")
            .sender("joe@example.org").recipients("sue@example.com").build();

    /** What the SMTP listener hands a filter: its own Received line first, LF line ends. */
    private static final String RECEIVED = "Received: from unknown (HELO client.example.org) (192.0.2.7)\n"
            + "  by mx.example.com with SMTP; 1 Jan 2025 00:00:00 -0000\n";

    @Test
    void matchingSubjectIsRejectedWithTheConfiguredText() throws IOException {
        SubjectFilter filter = activate("pattern", "(?i)cheap\\s+pills", "action", "reject",
                "text", "no pills here (#5.7.1)");

        FilterResult result = filter(filter, message("Subject: Cheap  PILLS today\n", "hello\n"));

        assertEquals(FilterResult.Outcome.REJECT, result.outcome());
        assertEquals(554, result.code());
        assertEquals("no pills here (#5.7.1)", result.text());
        assertEquals(List.of(), result.headers());
    }

    @Test
    void deferActionDefersWith451() throws IOException {
        SubjectFilter filter = activate("pattern", "cheap pills", "action", "defer", "text", "later, please (#4.7.1)");

        FilterResult result = filter(filter, message("Subject: cheap pills\n", "hello\n"));

        assertEquals(new FilterResult(FilterResult.Outcome.DEFER, 451, "later, please (#4.7.1)", List.of()), result);
    }

    @Test
    void tagActionAcceptsWithTheConfiguredField() throws IOException {
        SubjectFilter filter = activate("pattern", "cheap pills", "action", "tag", "header", "X-Subject-Rule: pills");
        FilterResult tagged = filter(filter, message("Subject: cheap pills\n", "body\n"));
        assertEquals(new FilterResult(FilterResult.Outcome.ACCEPT, 0, "", List.of("X-Subject-Rule: pills")), tagged);
        assertEquals(FilterResult.ACCEPT, filter(filter, message("Subject: lunch\n", "body\n")));
    }

    @Test
    void withoutTextEachActionHasItsOwnDefault() throws IOException {
        TestMessage message = message("Subject: cheap pills\n", "hello\n");

        assertEquals(SubjectFilter.REJECT_TEXT, filter(activate("pattern", "pills"), message).text());
        assertEquals(SubjectFilter.DEFER_TEXT, filter(activate("pattern", "pills", "action", "DEFER"), message).text());
    }

    @Test
    void nonMatchingSubjectIsAccepted() throws IOException {
        SubjectFilter filter = activate("pattern", "cheap pills");

        assertEquals(FilterResult.ACCEPT, filter(filter, message("Subject: minutes of the meeting\n", "hello\n")));
        assertEquals(FilterResult.ACCEPT, filter(filter, message("From: joe@example.org\n", "no subject at all\n")));
    }

    @Test
    void foldedSubjectIsMatchedAfterUnfolding() throws IOException {
        // Unfolding removes the line break only: "cheap\n pills" becomes "cheap pills".
        SubjectFilter filter = activate("pattern", "^cheap pills now$");
        TestMessage folded = message("Subject: cheap\n pills\n\tnow\n", "hello\n");

        assertEquals(FilterResult.ACCEPT, filter(filter, folded), "the tab stays: \"cheap pills\\tnow\"");
        assertEquals(FilterResult.Outcome.REJECT,
                filter(activate("pattern", "^cheap pills\tnow$"), folded).outcome());
        assertEquals(FilterResult.Outcome.REJECT,
                filter(filter, message("Subject: cheap\r\n pills now\r\n", "hello\r\n")).outcome(), "CR LF too");
    }

    @Test
    void subjectOnlyInTheBodyIsNotMatched() throws IOException {
        SubjectFilter filter = activate("pattern", "cheap pills");

        assertEquals(FilterResult.ACCEPT, filter(filter, message("Subject: the forwarded message\n",
                "---------- Forwarded message ----------\nSubject: cheap pills\n\ncheap pills\n")));
        assertEquals(FilterResult.ACCEPT, filter(filter, message("", "Subject: cheap pills\n")));
    }

    @Test
    void headersOverTheLimitDoNotMakeItReadTheBody() throws IOException {
        SubjectFilter filter = activate("pattern", "cheap pills");
        StringBuilder filler = new StringBuilder();
        while (filler.length() <= SubjectFilter.MAX_HEADER_BYTES) {
            filler.append("X-Filler: ").append("x".repeat(70)).append('\n');
        }
        TestMessage message = message(filler.toString(), "Subject: cheap pills\n\ncheap pills\n");

        assertEquals(FilterResult.ACCEPT, filter(filter, message));
        assertTrue(message.bytesRead() <= SubjectFilter.MAX_HEADER_BYTES, "read " + message.bytesRead());
    }

    @Test
    void subjectBeforeTheLimitStillCountsInAnOversizedHeader() throws IOException {
        SubjectFilter filter = activate("pattern", "cheap pills");
        String filler = ("X-Filler: " + "x".repeat(70) + "\n").repeat(SubjectFilter.MAX_HEADER_BYTES / 81 + 1);

        assertEquals(FilterResult.Outcome.REJECT,
                filter(filter, message("Subject: cheap pills\n" + filler, "hello\n")).outcome());
    }

    @Test
    void aLargeBodyIsNotRead() throws IOException {
        SubjectFilter filter = activate("pattern", "cheap pills");
        TestMessage message = message("Subject: hello\n", "cheap pills\n".repeat(100_000));

        assertEquals(FilterResult.ACCEPT, filter(filter, message));
        assertTrue(message.bytesRead() < SubjectFilter.MAX_HEADER_BYTES, "read " + message.bytesRead());
        assertEquals(0, message.openStreams(), "the stream is closed");
    }

    @Test
    void headerNameCaseIsIgnored() throws IOException {
        SubjectFilter filter = activate("pattern", "cheap pills");

        for (String field : List.of("SUBJECT: cheap pills\n", "subject: cheap pills\n", "sUbJeCt:cheap pills\n",
                "Subject : cheap pills\n")) {
            assertEquals(FilterResult.Outcome.REJECT, filter(filter, message(field, "hello\n")).outcome(), field);
        }
        assertEquals(FilterResult.ACCEPT, filter(filter, message("X-Subject: cheap pills\n", "hello\n")));
        assertEquals(FilterResult.ACCEPT, filter(filter, message("Subjects: cheap pills\n", "hello\n")));
    }

    @Test
    void everySubjectFieldIsChecked() throws IOException {
        SubjectFilter filter = activate("pattern", "cheap pills");

        assertEquals(FilterResult.Outcome.REJECT,
                filter(filter, message("Subject: hello\nSubject: cheap pills\n", "hello\n")).outcome());
    }

    @Test
    void valueIsMatchedAsWrittenNotMimeDecoded() throws IOException {
        TestMessage encoded = message("Subject: =?utf-8?q?cheap_pills?=\n", "hello\n");
        TestMessage raw = message("Subject: günstige Pillen\n", "hello\n");

        assertEquals(FilterResult.ACCEPT, filter(activate("pattern", "cheap pills"), encoded));
        assertEquals(FilterResult.Outcome.REJECT, filter(activate("pattern", "cheap_pills"), encoded).outcome());
        assertEquals(FilterResult.Outcome.REJECT, filter(activate("pattern", "^günstige"), raw).outcome(), "UTF-8");
    }

    @Test
    void badRulesFailActivation() {
        assertThrows(IllegalArgumentException.class, () -> activate("pattern", ""), "empty matches everything");
        assertThrows(IllegalArgumentException.class, () -> activate("pattern", "(unclosed"));
        assertThrows(IllegalArgumentException.class, () -> activate("pattern", "x", "action", "drop"));
        assertThrows(IllegalArgumentException.class, () -> activate("pattern", "x", "text", "two\nlines"));
        assertThrows(IllegalArgumentException.class, () -> activate("pattern", "x", "action", "tag"), "no field");
        assertThrows(IllegalArgumentException.class, () -> activate("pattern", "x", "action", "tag", "header", "no colon"));
    }

    /** Builds the configuration as SCR would from ConfigAdmin properties, and activates a filter with it. */
    private static SubjectFilter activate(String... keysAndValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        SubjectFilterConfiguration config =
                Converters.standardConverter().convert(properties).to(SubjectFilterConfiguration.class);
        SubjectFilter filter = new SubjectFilter();
        filter.activate(config);
        return filter;
    }

    private static FilterResult filter(SubjectFilter filter, TestMessage content) throws IOException {
        return filter.filter(TRANSACTION, content);
    }

    /** A message: the listener's Received line, the given fields, an empty line, the body. */
    private static TestMessage message(String fields, String body) {
        return TestMessage.of(RECEIVED + "From: joe@example.org\n" + fields + "\n" + body);
    }
}
