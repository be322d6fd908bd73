package org.tessera.queue.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;

class MailLogLinesTest {

    @Test
    void newMsgAndEndMsg() {
        assertEquals("new msg 12345", MailLogLines.newMsg(12345));
        assertEquals("end msg 12345", MailLogLines.endMsg(12345));
    }

    @Test
    void infoMsg() {
        assertEquals("info msg 12345: bytes 2048 from <joe@example.com> qp 4321 uid 1000",
                MailLogLines.infoMsg(12345, 2048, "joe@example.com", 4321, 1000));
    }

    @Test
    void infoMsgWithNullSender() {
        assertEquals("info msg 7: bytes 10 from <> qp 8 uid 0", MailLogLines.infoMsg(7, 10, "", 8, 0));
    }

    @Test
    void infoMsgSenderIsSafe() {
        assertEquals("info msg 7: bytes 10 from <a_b_c@x> qp 8 uid 0", MailLogLines.infoMsg(7, 10, "a b%c@x", 8, 0));
    }

    @Test
    void startingDelivery() {
        assertEquals("starting delivery 1: msg 12345 to local joe-foo-info@nowhere.mil",
                MailLogLines.startingDelivery(1, 12345, Channel.LOCAL, "joe-foo-info@nowhere.mil"));
        assertEquals("starting delivery 2: msg 12345 to remote joe@example.net",
                MailLogLines.startingDelivery(2, 12345, Channel.REMOTE, "joe@example.net"));
    }

    @Test
    void status() {
        assertEquals("status: local 1/10 remote 0/20", MailLogLines.status(1, 10, 0, 20, false));
        assertEquals("status: local 0/10 remote 3/20 exitasap", MailLogLines.status(0, 10, 3, 20, true));
        assertEquals("status: exiting", MailLogLines.statusExiting());
    }

    @Test
    void localSuccess() {
        assertEquals("delivery 1: success: did_1+0+0/",
                MailLogLines.delivery(1, new DeliveryReport(Outcome.SUCCESS, "did 1+0+0\n")));
    }

    @Test
    void remoteSuccessAsInSpec() {
        assertEquals("delivery 2: success: 1.2.3.4_accepted_message./Remote_host_said:_250_ok_1700000000_qp_123/",
                MailLogLines.delivery(2, new DeliveryReport(Outcome.SUCCESS,
                        "1.2.3.4 accepted message.\nRemote host said: 250 ok 1700000000 qp 123\n")));
    }

    @Test
    void deferralAndFailure() {
        assertEquals("delivery 3: deferral: Sorry,_I_couldn't_find_any_host_by_that_name._(#4.1.2)/",
                MailLogLines.delivery(3, new DeliveryReport(Outcome.TEMPORARY,
                        "Sorry, I couldn't find any host by that name. (#4.1.2)\n")));
        assertEquals("delivery 4: failure: Sorry,_no_mailbox_here_by_that_name._(#5.1.1)/",
                MailLogLines.delivery(4, new DeliveryReport(Outcome.PERMANENT,
                        "Sorry, no mailbox here by that name. (#5.1.1)\n")));
    }

    @Test
    void expiredDeferralIsLoggedAsFailure() {
        DeliveryReport report = RetrySchedule.applyLifetime(new DeliveryReport(Outcome.TEMPORARY, "busy\n"), true);
        assertEquals("delivery 5: failure: busy/I'm_not_going_to_try_again;_this_message_has_been_in_the_queue_too_long./",
                MailLogLines.delivery(5, report));
    }

    @Test
    void emptyReport() {
        assertEquals("delivery 6: success: ", MailLogLines.delivery(6, new DeliveryReport(Outcome.SUCCESS, "")));
    }

    @Test
    void reportMangled() {
        assertEquals("delivery 7: report mangled, will defer", MailLogLines.reportMangled(7));
    }

    @Test
    void bounceLines() {
        assertEquals("bounce msg 12345 qp 6789", MailLogLines.bounceMsg(12345, 6789));
        assertEquals("triple bounce: discarding bounce/12345", MailLogLines.tripleBounce(12345));
    }

    @Test
    void safeTransformations() {
        assertEquals("a/b", MailLogLines.safe("a\nb"));
        assertEquals("_tab_cr_del_pct_", MailLogLines.safe("\ttab\rcr\u007fdel%pct "));
        assertEquals("!~", MailLogLines.safe("!~"));
        // non-ASCII: one '_' per UTF-8 byte, as qmail sees the bytes
        assertEquals("caf__", MailLogLines.safe("caf\u00e9"));
        assertEquals("____", MailLogLines.safe("\uD83D\uDE00"));
    }
}
