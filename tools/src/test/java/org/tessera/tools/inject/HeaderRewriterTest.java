package org.tessera.tools.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderRewriterTest {

    private static final Controls CONTROLS = new Controls("host.example", "example", "plus.example", "id.example");
    private static final Originator ORIGINATOR = Originator.of(Map.of("QMAILUSER", "joe", "QMAILHOST", "joe.example"));

    private static HeaderRewriter fixed(String flags, String sender, String... fields) throws InjectFailure {
        HeaderRewriter rewriter = new HeaderRewriter(AddressRewriter.of(CONTROLS), InjectFlags.of(flags), sender);
        for (String field : fields) {
            rewriter.field(field);
        }
        return rewriter;
    }

    private static String header(HeaderRewriter rewriter) throws InjectFailure {
        return rewriter.header(ORIGINATOR, MailingLists.of(Map.of()), InjectRun.CLOCK.instant(), 7, "id.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Resent-Sender: s", "Resent-From: f", "Resent-Reply-To: r", "Resent-To: t", "Resent-Cc: c",
        "Resent-Bcc: b", "Resent-Date: d", "Resent-Message-ID: <m>", "RESENT-from : f"})
    void recognisesEachResentField(String field) throws InjectFailure {
        assertTrue(fixed("", null, field + "\n").isResent());
    }

    @Test
    void aMessageWithoutResentFieldsIsNormal() throws InjectFailure {
        assertFalse(fixed("", null, "Resent: x\n", "X-Resent-To: y\n", "To: z\n").isResent());
    }

    @Test
    void addsItsFieldsBeforeTheOriginalOnes() throws InjectFailure {
        assertEquals("Date: 5 Mar 2024 07:08:09 -0000\n"
                + "Message-ID: <20240305070809.7.qmail@id.example>\n"
                + "From: joe@joe.example\n"
                + "Cc: recipient list not shown: ;\n"
                + "Subject: s\n", header(fixed("", null, "Subject: s\n", "Bcc: hidden\n")));
    }

    @Test
    void removesBccReturnPathAndContentLengthAfterReadingThem() throws InjectFailure {
        HeaderRewriter rewriter = fixed("", null, "Bcc: b\n", "Return-Path: <r@x.y>\n", "Content-Length: 3\n",
                "To: t\n");
        assertEquals("To: t@host.example\n", header(rewriter).substring(header(rewriter).indexOf("To:")));
        assertEquals(List.of("b@host.example", "t@host.example"), rewriter.recipients());
        assertEquals("r@x.y", rewriter.sender().orElseThrow());
    }

    @Test
    void takesTheSenderFromTheRightmostAddressOfTheFirstReturnPath() throws InjectFailure {
        assertEquals("b@x.y", fixed("", null, "Return-Path: a@x.y, b@x.y\n", "Return-Path: c@x.y\n")
                .sender().orElseThrow());
    }

    @Test
    void letsDashFBeatReturnPathAndSIgnoreIt() throws InjectFailure {
        assertEquals("f@x.y", fixed("", "f@x.y", "Return-Path: <r@x.y>\n").sender().orElseThrow());
        assertTrue(fixed("s", null, "Return-Path: <r@x.y>\n").sender().isEmpty());
        assertEquals("r@x.y-@[]", fixed("r", null, "Return-Path: <r@x.y>\n").sender().orElseThrow());
    }

    @Test
    void takesResentRecipientsForAResentMessage() throws InjectFailure {
        HeaderRewriter rewriter = fixed("", null, "To: t\n", "Resent-To: rt\n", "Resent-Bcc: rb\n");
        assertEquals(List.of("rt@host.example", "rb@host.example"), rewriter.recipients());
    }

    @Test
    void diesOnAnUnparsableSenderField() {
        InjectFailure failure = assertThrows(InjectFailure.class, () -> fixed("", null, "Sender: (x\n"));
        assertEquals("qmail-inject: fatal: unable to parse this line:\nSender: (x\n", failure.diagnostic());
        assertEquals(100, failure.exitCode());
    }

    @Test
    void keepsAnUnparsableRecipientFieldWithoutItsRecipients() throws InjectFailure {
        HeaderRewriter rewriter = fixed("", null, "To: \"a, b\n", "Cc: c\n");
        assertEquals(List.of("c@host.example"), rewriter.recipients());
        assertTrue(header(rewriter).contains("\nTo: \"a, b\nCc: c@host.example\n"));
    }
}
