package org.tessera.tools.sendmail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** sendmail's flags turned into qmail-inject's arguments and environment, as qmail's sendmail wrapper makes them. */
class SendmailTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Sendmail.Plan plan(String name, Map<String, String> env, String... args) {
        return Sendmail.plan(name, List.of(args), env, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void recipientsFromArgumentsOrWithTheHeader() {
        assertEquals(List.of("-a", "--", "x@y", "z"), plan("sendmail", Map.of(), "x@y", "z").injectArgs());
        assertEquals(List.of("-H", "--", "x@y"), plan("sendmail", Map.of(), "-t", "x@y").injectArgs());
        assertEquals(List.of("-H", "--"), plan("sendmail", Map.of(), "-ti").injectArgs());
    }

    @Test
    void theSenderSetsTheFromUserAndHostAndDropsEveryName() {
        Sendmail.Plan plan = plan("sendmail", Map.of("NAME", "n", "QMAILNAME", "q", "MAILHOST", "h", "USER", "u"),
                "-F", "Full Name", "-fbounces@list.example", "r@x");
        assertEquals(List.of("-a", "-f", "bounces@list.example", "--", "r@x"), plan.injectArgs());
        assertEquals("bounces", plan.environment().get("QMAILUSER"));
        assertEquals("list.example", plan.environment().get("QMAILHOST"));
        for (String gone : List.of("MAILNAME", "NAME", "QMAILNAME", "MAILHOST")) {
            assertFalse(plan.environment().containsKey(gone), gone + ": a -f anywhere removes -F's name too");
        }
        assertEquals("u", plan.environment().get("USER"));
        Sendmail.Plan local = plan("sendmail", Map.of(), "-f", "joe", "r");
        assertEquals("joe", local.environment().get("QMAILUSER"));
        assertFalse(local.environment().containsKey("QMAILHOST"));
    }

    @Test
    void theFullNameAlone() {
        assertEquals("Joe Q", plan("sendmail", Map.of(), "-FJoe Q", "r").environment().get("MAILNAME"));
    }

    @Test
    void ignoredFlagsAndThoseThatTakeAnArgument() {
        assertEquals(List.of("-a", "--", "r"),
                plan("sendmail", Map.of(), "-i", "-oi", "-o", "em", "-v", "-m", "-x", "-e", "q", "-pESMTP",
                        "-B", "8BITMIME", "-Ejunk", "-J", "-bm", "r").injectArgs());
    }

    @Test
    void queueListingNamesAndUsage() {
        assertEquals(Sendmail.Action.LIST_QUEUE, plan("sendmail", Map.of(), "-bp").action());
        assertEquals(Sendmail.Action.LIST_QUEUE, plan("mailq", Map.of()).action());
        assertEquals(Sendmail.Action.REFUSE_NEWALIASES, plan("newaliases", Map.of()).action());
        assertEquals(Sendmail.Action.SMTP, plan("sendmail", Map.of(), "-bs").action());
        assertEquals(Sendmail.Action.USAGE, plan("sendmail", Map.of(), "-bd").action());
        assertEquals(Sendmail.Action.USAGE, plan("sendmail", Map.of(), "-z", "r").action());
        assertEquals(Sendmail.Action.USAGE, plan("mailq", Map.of(), "-z").action(), "the options come first");
        assertEquals("sendmail: illegal option -- z\nmailq: illegal option -- z\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLoneDashAndWordsAfterDoubleDashAreRecipients() {
        assertEquals(List.of("-a", "--", "-", "r"), plan("sendmail", Map.of(), "-", "r").injectArgs());
        assertEquals(List.of("-a", "--", "-t"), plan("sendmail", Map.of(), "--", "-t").injectArgs());
    }
}
