package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.local.internal.LocalFixture.permanent;
import static org.tessera.local.internal.LocalFixture.success;
import static org.tessera.local.internal.LocalFixture.temporary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.queue.DeliveryReport;

/** Line types (dot-qmail(5)), forward-only mode, execution and the report. */
class QmailLocalInstructionsTest {

    @TempDir
    Path dir;

    LocalFixture fx;
    final List<String> calls = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        fx = new LocalFixture(dir);
        for (String kind : List.of(DeliveryTarget.MAILDIR, DeliveryTarget.MBOX, DeliveryTarget.PROGRAM,
                DeliveryTarget.FORWARD, "sms")) {
            String text = kind.equals(DeliveryTarget.FORWARD) ? "qp 4711\n"
                    : kind.equals(DeliveryTarget.PROGRAM) ? "out\n" : "";
            track(kind, d -> new DeliveryResult(Outcome.SUCCESS, text));
        }
    }

    /** A target of a kind that logs "kind args" into calls and answers by rule. */
    private void track(String kind, java.util.function.Function<Delivery, DeliveryResult> rule) {
        fx.targets.put(kind, RecordingTarget.answering(kind, d -> {
            calls.add(kind + " " + String.join("|", d.arguments()));
            return rule.apply(d);
        }));
    }

    private DeliveryReport deliver(String dotQmail) throws IOException {
        fx.file(".qmail-x", dotQmail);
        return fx.deliverExt("x");
    }

    @Test
    void everyLineTypeGoesToItsKind() throws IOException {
        DeliveryReport report = deliver("# a comment\n./Mailbox\n./Maildir/\n/var/mail/joe\n|prog arg\n"
                + "&joe@example.net\nbare@example.net\n\"quoted\"@example.net\n<angle@example.net>\n"
                + "+other\n+maildir:./x/\n+Bad:x\n+sms:+4912345\n&\n");
        assertEquals(List.of("mbox ./Mailbox", "maildir ./Maildir/", "mbox /var/mail/joe", "program prog arg",
                "sms +4912345", "forward joe@example.net|bare@example.net|\"quoted\"@example.net|<angle@example.net>|"),
                calls);
        assertEquals(success("out\ndid 3+5+2\nqp 4711\n"), report);
    }

    @Test
    void trailingBlanksGoCarriageReturnsStay() throws IOException {
        deliver("./Mailbox \t\n./Maildir/\r\n|prog  \n");
        assertEquals(List.of("mbox ./Mailbox", "mbox ./Maildir/\r", "program prog"), calls);
    }

    @Test
    void aBlankFirstLineDefersALaterOneIsIgnored() throws IOException {
        assertEquals(temporary("Uh-oh: first line of .qmail file is blank. (#4.2.1)\n"), deliver(" \n./Mailbox\n"));
        assertTrue(calls.isEmpty());
        assertEquals(success("did 1+0+0\n"), deliver("./Mailbox\n\n \n"));
    }

    @Test
    void aLastLineWithoutLfCounts() throws IOException {
        assertEquals(success("did 1+1+0\nqp 4711\n"), deliver("./Mailbox\n&a@b"));
    }

    @Test
    void forwardsGoLastInOneDelivery() throws IOException {
        assertEquals(success("out\ndid 1+2+1\nqp 4711\n"), deliver("&a@b\n./Mailbox\n&c@d\n|prog\n"));
        assertEquals(List.of("mbox ./Mailbox", "program prog", "forward a@b|c@d"), calls);
    }

    @Test
    void theFirstFailureEndsTheDeliveryAndPendingForwardsAreNotSent() throws IOException {
        track(DeliveryTarget.PROGRAM, d -> new DeliveryResult(Outcome.PERMANENT, "no such user\n"));
        assertEquals(permanent("no such user\n"), deliver("&a@b\n./Mailbox\n|check\n./Other\n"));
        assertEquals(List.of("mbox ./Mailbox", "program check"), calls);
        calls.clear();
        track(DeliveryTarget.MAILDIR, d -> new DeliveryResult(Outcome.TEMPORARY, "Temporary error on maildir delivery. (#4.3.0)\n"));
        track(DeliveryTarget.PROGRAM, d -> new DeliveryResult(Outcome.SUCCESS, "first\n"));
        assertEquals(temporary("first\nTemporary error on maildir delivery. (#4.3.0)\n"),
                deliver("|p\n./Maildir/\n&a@b\n"));
        assertEquals(List.of("program p", "maildir ./Maildir/"), calls);
    }

    @Test
    void exit99StopsButEarlierForwardsAreSent() throws IOException {
        track(DeliveryTarget.PROGRAM, d -> new DeliveryResult(Outcome.SUCCESS_STOP, "stopped\n"));
        assertEquals(success("stopped\ndid 0+1+1\nqp 4711\n"), deliver("&a@b\n|filter\n./Mailbox\n&c@d\n"));
        assertEquals(List.of("program filter", "forward a@b"), calls);
    }

    @Test
    void aFailingForwardIsTheReport() throws IOException {
        track(DeliveryTarget.FORWARD, d -> new DeliveryResult(Outcome.PERMANENT, "Unable to forward message: bad.\n"));
        assertEquals(permanent("Unable to forward message: bad.\n"), deliver("./Mailbox\n&a@b\n"));
    }

    @Test
    void aMissingTargetDefersNeverBounces() throws IOException {
        fx.targets.remove(DeliveryTarget.MAILDIR);
        assertEquals(temporary("No maildir delivery target is running. (#4.3.0)\n"), deliver("./Mailbox\n./Maildir/\n"));
        fx.targets.remove(DeliveryTarget.FORWARD);
        assertEquals(temporary("No forward delivery target is running. (#4.3.0)\n"), deliver("&a@b\n"));
        assertEquals(temporary("No telegram delivery target is running. (#4.3.0)\n"), deliver("+telegram:@joe\n"));
    }

    @Test
    void aTargetThatThrowsDefers() throws IOException {
        track(DeliveryTarget.MBOX, d -> {
            throw new IllegalStateException("disk on fire");
        });
        assertEquals(temporary("The mbox delivery target failed: disk on fire (IllegalStateException). (#4.3.0)\n"), deliver("./Mailbox\n"));
    }

    @Test
    void theExecuteBitAllowsOnlyForwards() throws Exception {
        Path file = fx.file(".qmail-x", "&a@b\n./Mailbox\n");
        LocalFixture.chmod(file, "0744");
        assertEquals(temporary("Uh-oh: .qmail has file delivery but has x bit set. (#4.7.0)\n"), fx.deliverExt("x"));
        Files.writeString(file, "&a@b\n|prog\n");
        assertEquals(temporary("Uh-oh: .qmail has prog delivery but has x bit set. (#4.7.0)\n"), fx.deliverExt("x"));
        Files.writeString(file, "&a@b\n+sms:1234\n");
        assertEquals(temporary("Uh-oh: .qmail has sms delivery but has x bit set. (#4.7.0)\n"), fx.deliverExt("x"));
        assertTrue(calls.isEmpty());
        Files.writeString(file, "&a@b\nc@d\n# fine\n");
        assertEquals(success("did 0+2+0\nqp 4711\n"), fx.deliverExt("x"));
    }

    @Test
    void plusListTurnsForwardOnlyOnFromItsLine() throws IOException {
        assertEquals(temporary("Uh-oh: .qmail has file delivery but has x bit set. (#4.7.0)\n"),
                deliver("./Mailbox\n+list\n&a@b\n./Other\n"));
        assertEquals(List.of("mbox ./Mailbox"), calls);
    }

    @Test
    void theDefaultDeliveryIsNeverForwardOnly() throws Exception {
        Path file = fx.file(".qmail-x", "");
        LocalFixture.chmod(file, "0744");
        assertEquals(success("did 1+0+0\n"), fx.deliverExt("x"));
        assertEquals(List.of("maildir ./Maildir/"), calls);
    }

    @Test
    void theReportIsCutAtNulAndAfter3000Bytes() throws IOException {
        track(DeliveryTarget.PROGRAM, d -> new DeliveryResult(Outcome.SUCCESS, "abc\0def\n"));
        assertEquals(success("abc"), deliver("|p\n"));
        String long1 = "x".repeat(3100);
        track(DeliveryTarget.PROGRAM, d -> new DeliveryResult(Outcome.SUCCESS, long1));
        assertEquals(success("x".repeat(2966) + "\nError report too long, sorry.\n"), deliver("|p\n"));
        String exact = "y".repeat(3000 - "did 0+0+1\n".length());
        track(DeliveryTarget.PROGRAM, d -> new DeliveryResult(Outcome.SUCCESS, exact));
        assertEquals(success(exact + "did 0+0+1\n"), deliver("|p\n"));
    }
}
