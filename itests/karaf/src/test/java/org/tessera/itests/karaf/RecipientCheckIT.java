package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.ClassRule;
import org.junit.Test;

/**
 * The recipient check at RCPT (issue 4, beyond qmail): off, an unknown local address is taken as
 * qmail-smtpd takes it; with the SMTP listener named in {@code etc/org.tessera.local.recipientcheck.cfg}
 * it is refused with 550 and never queued, while addresses delivery takes (the alias user's
 * postmaster) and the rcpthosts rule are as before; removing the file turns it off again.
 */
public class RecipientCheckIT {

    private static final String OK = "250 ok\r\n";
    private static final String NO_MAILBOX = "550 sorry, no mailbox here by that name (#5.1.1)\r\n";

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("smtp-rcptcheck-home");

    private static String rcpt(String address) throws Exception {
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals(OK, c.command("MAIL FROM:<someone@b.test>"));
            return c.command("RCPT TO:<" + address + ">");
        }
    }

    private static void awaitRcpt(String address, String reply) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last;
        do {
            last = rcpt(address);
            if (last.equals(reply)) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("RCPT " + address + " still answers " + last);
    }

    @Test
    public void unknownLocalRecipientsAreRefusedOnlyWhileTheListenerIsNamed() throws Exception {
        assertEquals("off: as qmail-smtpd", OK, rcpt("nobody-here@example.com"));

        Path config = smtp.commands.home.resolve("etc/org.tessera.local.recipientcheck.cfg");
        Files.writeString(config, "listeners = smtp\n");
        awaitRcpt("nobody-here@example.com", NO_MAILBOX);
        assertEquals(OK, rcpt("postmaster@example.com"));
        assertEquals(OK, rcpt("Mailer-Daemon@EXAMPLE.COM"));
        assertEquals("553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)\r\n",
                rcpt("nobody-here@evil.test"));
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals(OK, c.command("MAIL FROM:<someone@b.test>"));
            assertEquals(NO_MAILBOX, c.command("RCPT TO:<nobody-here@example.com>"));
            assertEquals(OK, c.command("RCPT TO:<postmaster@example.com>"));
            assertEquals("354 go ahead\r\n", c.command("DATA"));
            c.send("Subject: checked\r\n\r\n.\r\n");
            SmtpHome.assertQueued(c.reply());
        }
        assertEquals(List.of(new QueueListing.Recipient("local", "postmaster@example.com")),
                smtp.queuedTo("postmaster@example.com").recipients());

        Files.delete(config);
        awaitRcpt("nobody-here@example.com", OK);
        // Checked once the check is off again: the sentinel message it queues is to an unknown address too.
        smtp.assertNotQueued("nobody-here@example.com");
    }
}
