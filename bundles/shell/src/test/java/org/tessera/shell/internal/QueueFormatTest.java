package org.tessera.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeferralReason;
import org.tessera.api.queue.QueueStatus;
import org.tessera.api.queue.QueuedMessage;
import org.tessera.api.queue.QueuedRecipient;
import org.tessera.api.queue.QueuedRecipient.State;

class QueueFormatTest {

    static final Instant BIRTH = Instant.parse("2026-12-01T08:05:09Z");
    static final Instant NOW = BIRTH.plus(Duration.ofMinutes(125).plusSeconds(7));

    static QueuedRecipient recipient(String local, String domain, Channel channel, State state, Instant at) {
        return new QueuedRecipient(new MailAddress(local, domain), channel, state, at, "");
    }

    static QueuedMessage message(long id, MailAddress sender, List<QueuedRecipient> recipients) {
        return new QueuedMessage(id, BIRTH, 4567, sender, 1234, 0, recipients);
    }

    @Test
    void qstatPrintsQmailsTwoLines() {
        assertEquals(List.of("messages in queue: 7", "messages in queue but not yet preprocessed: 2"),
                QueueFormat.qstat(new QueueStatus(false, 7, 2, 1, 10, 3, 20, 0)));
    }

    @Test
    void deferralsAreListedOnceEachWithCountAndAge() {
        assertEquals(List.of("deferrals: none lately"), QueueFormat.deferrals(List.of(), NOW));
        assertEquals(List.of(
                "deferrals lately (count, last seen, reason; each attempt is a deferral line in the mail log):",
                "  3x, 7 s ago: Unable to run qmail-local for user joe: /srv is not searchable by uid 1001 gid 1001"
                        + " (mode 0700, owner 0, group 0). (#4.3.0)",
                "  1x, 2 h ago: Temporary error on maildir delivery. (#4.3.0)",
                "  12x, 50 h ago: Connected to 192.0.2.1 but greeting failed./Remote host said: 421 busy"),
                QueueFormat.deferrals(List.of(
                        new DeferralReason("Unable to run qmail-local for user joe: /srv is not searchable by uid 1001"
                                + " gid 1001 (mode 0700, owner 0, group 0). (#4.3.0)", 3, NOW.minusSeconds(7)),
                        new DeferralReason("Temporary error on maildir delivery. (#4.3.0)", 1, NOW.minusSeconds(7200)),
                        new DeferralReason("Connected to 192.0.2.1 but greeting failed./Remote host said: 421 busy", 12,
                                NOW.minus(Duration.ofHours(50)))), NOW));
    }

    @Test
    void queueSummaryNamesDamageOnlyWhenThereIsSome() {
        assertEquals(List.of("queue: 7 messages; status: local 1/10 remote 3/20"),
                QueueFormat.summary(new QueueStatus(false, 7, 2, 1, 10, 3, 20, 0)));
        assertEquals(List.of("queue: 0 messages; status: local 0/10 remote 0/20",
                "alert: 2 damaged queue files found at start were moved to queue/bad (the mail log names them)"),
                QueueFormat.summary(new QueueStatus(false, 0, 0, 0, 10, 0, 20, 2)));
    }

    @Test
    void statusLineIsQmailSendsAndSaysPaused() {
        assertEquals("status: local 1/10 remote 3/20", QueueFormat.statusLine(new QueueStatus(false, 7, 2, 1, 10, 3, 20, 0)));
        assertEquals("status: local 0/10 remote 0/20 (paused: deliveries held, qmail:cont resumes them)",
                QueueFormat.statusLine(new QueueStatus(true, 0, 0, 0, 10, 0, 20, 0)));
    }

    @Test
    void qreadListsAsQmailQreadDoes() {
        QueuedMessage m = message(123, new MailAddress("alice", "a.example"), List.of(
                recipient("bob", "b.example", Channel.LOCAL, State.PENDING, NOW),
                recipient("carol", "c.example", Channel.REMOTE, State.DELIVERED, NOW),
                recipient("dave", "d.example", Channel.REMOTE, State.DELIVERING, NOW)));
        assertEquals(List.of(
                "1 Dec 2026 08:05:09 GMT  #123  4567  <alice@a.example> ",
                "\tlocal\tbob@b.example",
                "  done\tremote\tcarol@c.example",
                "\tremote\tdave@d.example"), QueueFormat.qread(m));
    }

    @Test
    void aFailedRecipientMakesTheMessageBouncing() {
        QueuedMessage m = message(9, MailAddress.NULL_SENDER, List.of(
                recipient("x", "x.example", Channel.REMOTE, State.FAILED, NOW)));
        assertEquals(List.of("1 Dec 2026 08:05:09 GMT  #9  4567  <>  bouncing", "  done\tremote\tx@x.example"),
                QueueFormat.qread(m));
    }

    @Test
    void unprintableCharactersBecomeUnderscores() {
        QueuedMessage m = message(5, new MailAddress("a\u001b[2Jb", "\u00e9.example"), List.of(
                recipient("t\tab", "x", Channel.LOCAL, State.PENDING, NOW)));
        assertEquals(List.of("1 Dec 2026 08:05:09 GMT  #5  4567  <a_[2Jb@_.example> ", "\tlocal\tt_ab@x"),
                QueueFormat.qread(m));
    }

    @Test
    void anAddressWithoutDomainIsItsLocalPart() {
        QueuedMessage m = message(6, new MailAddress("postmaster", ""), List.of(
                recipient("joe", "", Channel.LOCAL, State.PENDING, NOW)));
        assertEquals(List.of("1 Dec 2026 08:05:09 GMT  #6  4567  <postmaster> ", "\tlocal\tjoe"), QueueFormat.qread(m));
    }

    @Test
    void longListingAddsAgeAndState() {
        QueuedMessage m = message(123, new MailAddress("alice", "a.example"), List.of(
                recipient("bob", "b.example", Channel.LOCAL, State.PENDING, NOW.plusSeconds(192)),
                recipient("eve", "e.example", Channel.LOCAL, State.PENDING, NOW.minusSeconds(1)),
                recipient("carol", "c.example", Channel.REMOTE, State.DELIVERED, NOW.minusSeconds(300)),
                recipient("dave", "d.example", Channel.REMOTE, State.DELIVERING, NOW.minusSeconds(4))));
        assertEquals(List.of(
                "1 Dec 2026 08:05:09 GMT  #123  4567  <alice@a.example>  age 2h05m",
                "\tlocal\tbob@b.example\tpending, next attempt in 3m12s",
                "\tlocal\teve@e.example\tpending, next attempt now",
                "  done\tremote\tcarol@c.example\tdelivered 5m00s ago",
                "\tremote\tdave@d.example\tdelivering since 4s ago"), QueueFormat.qreadLong(m, NOW));
    }

    @Test
    void longListingMarksMessagesNotYetPreprocessed() {
        assertEquals(List.of("1 Dec 2026 08:05:09 GMT  #8  4567  <alice@a.example>  age 2h05m, not yet preprocessed"),
                QueueFormat.qreadLong(message(8, new MailAddress("alice", "a.example"), List.of()), NOW));
    }

    @Test
    void agesUseTheirTwoLargestUnits() {
        assertEquals("0s", QueueFormat.age(Duration.ofSeconds(-5)));
        assertEquals("59s", QueueFormat.age(Duration.ofSeconds(59)));
        assertEquals("1m00s", QueueFormat.age(Duration.ofSeconds(60)));
        assertEquals("59m59s", QueueFormat.age(Duration.ofSeconds(3599)));
        assertEquals("1h00m", QueueFormat.age(Duration.ofHours(1)));
        assertEquals("23h59m", QueueFormat.age(Duration.ofSeconds(86399)));
        assertEquals("7d00h", QueueFormat.age(Duration.ofDays(7)));
        assertEquals("400d03h", QueueFormat.age(Duration.ofDays(400).plusHours(3).plusMinutes(59)));
    }

    @Test
    void datesAreQmailQreadsOneDigitDayAndGmt() {
        assertEquals("1 Jan 1970 00:00:00 GMT", QueueFormat.date(Instant.EPOCH));
        assertEquals("31 Dec 2026 23:59:59 GMT", QueueFormat.date(Instant.parse("2026-12-31T23:59:59.999Z")));
    }
}
