package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.mail.MailAddress;

/** The qmail-command(8) environment and NEWSENDER, as handed to the targets. */
class QmailLocalEnvironmentTest {

    @TempDir
    Path dir;

    LocalFixture fx;

    @BeforeEach
    void setUp() throws IOException {
        fx = new LocalFixture(dir);
    }

    private Delivery last() {
        return fx.mbox.deliveries.get(fx.mbox.deliveries.size() - 1);
    }

    @Test
    void everyVariableOfADefaultDelivery() throws IOException {
        fx.file(".qmail-foo-default", "./Mailbox\n");
        fx.deliver(fx.user("-", "foo-bar-baz"), "joe-foo-bar-baz", "a.b.c.d", new MailAddress("s", "x.org"));
        Map<String, String> env = last().environment();
        assertEquals(Map.ofEntries(Map.entry("USER", "joe"), Map.entry("HOME", fx.home.toString()),
                Map.entry("LOCAL", "joe-foo-bar-baz"), Map.entry("HOST", "a.b.c.d"),
                Map.entry("RECIPIENT", "joe-foo-bar-baz@a.b.c.d"), Map.entry("SENDER", "s@x.org"),
                Map.entry("NEWSENDER", "s@x.org"), Map.entry("EXT", "foo-bar-baz"), Map.entry("EXT2", "bar-baz"),
                Map.entry("EXT3", "baz"), Map.entry("EXT4", ""), Map.entry("HOST2", "a.b.c"), Map.entry("HOST3", "a.b"),
                Map.entry("HOST4", "a"), Map.entry("DEFAULT", "bar-baz"),
                Map.entry("DTLINE", "Delivered-To: joe-foo-bar-baz@a.b.c.d\n"),
                Map.entry("RPLINE", "Return-Path: <s@x.org>\n"),
                Map.entry("UFLINE", "From s@x.org Thu Jan 01 00:00:00 1970\n")), env);
        assertEquals(new MailAddress("joe-foo-bar-baz", "a.b.c.d"), last().recipient());
        assertEquals(42, last().messageId());
    }

    @Test
    void hostsWithFewDotsRepeatTheShortestPrefix() {
        assertEquals(Map.of("HOST2", "a", "HOST3", "a", "HOST4", "a"), hosts("a.b"));
        assertEquals(Map.of("HOST2", "example", "HOST3", "example", "HOST4", "example"), hosts("example"));
        assertEquals(Map.of("HOST2", "a.b", "HOST3", "a", "HOST4", "a"), hosts("a.b.c"));
    }

    private Map<String, String> hosts(String host) {
        Map<String, String> env = QmailEnvironment.of(fx.user("", ""), "joe", host, "", "", java.util.Optional.empty(),
                Instant.EPOCH);
        return Map.of("HOST2", env.get("HOST2"), "HOST3", env.get("HOST3"), "HOST4", env.get("HOST4"));
    }

    @Test
    void extensionsWithFewDashesAreEmpty() {
        Map<String, String> env = QmailEnvironment.of(fx.user("-", "foo"), "joe-foo", "h", "", "",
                java.util.Optional.empty(), Instant.EPOCH);
        assertEquals("", env.get("EXT2"));
        assertEquals("", env.get("EXT4"));
        env = QmailEnvironment.of(fx.user("-", "a-b-c-d-e"), "joe", "h", "", "", java.util.Optional.empty(), Instant.EPOCH);
        assertEquals("b-c-d-e", env.get("EXT2"));
        assertEquals("c-d-e", env.get("EXT3"));
        assertEquals("d-e", env.get("EXT4"));
    }

    @Test
    void theThreeLinesQuoteAndReplaceAsQmailLocal() {
        assertEquals("Return-Path: <>\n", QmailEnvironment.rpline(""));
        assertEquals("Return-Path: <#@[]>\n", QmailEnvironment.rpline("#@[]"));
        assertEquals("Return-Path: <\"a b\"@x.org>\n", QmailEnvironment.rpline("a b@x.org"));
        assertEquals("Return-Path: <\".joe\"@x.org>\n", QmailEnvironment.rpline(".joe@x.org"));
        assertEquals("Return-Path: <\"j..oe\"@x.org>\n", QmailEnvironment.rpline("j..oe@x.org"));
        assertEquals("Return-Path: <\"a\\\"b@x\"@y.org>\n", QmailEnvironment.rpline("a\"b@x@y.org"));
        assertEquals("Return-Path: <\"\"@x.org>\n", QmailEnvironment.rpline("@x.org"));
        assertEquals("Return-Path: <\"j\\_oe\"@x.org>\n", QmailEnvironment.rpline("j\noe@x.org"));
        assertEquals("Return-Path: <\"jo\u00e9\"@x.org>\n", QmailEnvironment.rpline("jo\u00e9@x.org"));
        assertEquals("Return-Path: <list-joe=x.org@lists.example>\n", QmailEnvironment.rpline("list-joe=x.org@lists.example"));
        assertEquals("From MAILER-DAEMON Thu Jan 01 00:00:00 1970\n", QmailEnvironment.ufline("", Instant.EPOCH));
        assertEquals("From a-b-c-d@x Sat Mar 09 16:05:07 2024\n",
                QmailEnvironment.ufline("a b\tc\nd@x", Instant.parse("2024-03-09T16:05:07Z")));
        assertEquals("Delivered-To: jo_e@h\n", QmailEnvironment.dtline("jo\ne", "h"));
    }

    @Test
    void envelopeControlCharactersNeverEndOrSplitTheThreeLines() {
        String sender = "joe\r\nX-Injected: rp\r@x.org\rX-Also: 1\u0001";
        assertEquals("Return-Path: <\"joe\\_\\_X-Injected: rp\\_\"@x.org_X-Also: 1_>\n", QmailEnvironment.rpline(sender));
        assertEquals("Delivered-To: joe__X-Injected: dt_@h_\n", QmailEnvironment.dtline("joe\r\nX-Injected: dt\r", "h\u007f"));
        assertEquals("From joe--X-Injected:-rp-@x.org-X-Also:-1- Thu Jan 01 00:00:00 1970\n",
                QmailEnvironment.ufline(sender, Instant.EPOCH));
        assertEquals("From joe_smith@x Thu Jan 01 00:00:00 1970\n", QmailEnvironment.ufline("joe_smith@x", Instant.EPOCH));
    }

    @Test
    void bouncesKeepTheirSender() throws IOException {
        fx.file(".qmail-x", "./Mailbox\n");
        fx.file(".qmail-x-owner", "&owner@x\n");
        assertEquals("", newSender(MailAddress.NULL_SENDER));
        assertEquals("#@[]", newSender(MailAddress.DOUBLE_BOUNCE_SENDER));
        assertEquals("joe-x-owner@example.com", newSender(LocalFixture.SENDER));
        assertEquals(new MailAddress("joe-x-owner", "example.com"), last().newSender());
    }

    @Test
    void anOwnerDefaultFileMakesItVerp() throws IOException {
        fx.file(".qmail-x", "./Mailbox\n");
        fx.file(".qmail-x-owner", "&owner@x\n");
        fx.file(".qmail-x-owner-default", "&owner@x\n");
        assertEquals("joe-x-owner-@example.com-@[]", newSender(LocalFixture.SENDER));
        assertEquals(new MailAddress("joe-x-owner-@example.com-", "[]"), last().newSender());
        Files.delete(fx.home.resolve(".qmail-x-owner"));
        assertEquals("sender@example.org", newSender(LocalFixture.SENDER));
    }

    @Test
    void theOwnerFileIsTheRecipientsOwnNotTheMatchedDefault() throws IOException {
        fx.file(".qmail-default", "./Mailbox\n");
        fx.file(".qmail-default-owner", "&owner@x\n");
        assertEquals("sender@example.org", newSender(LocalFixture.SENDER));
        fx.file(".qmail-x-owner", "&owner@x\n");
        assertEquals("joe-x-owner@example.com", newSender(LocalFixture.SENDER));
    }

    @Test
    void theBareUserChecksDotQmailOwner() throws IOException {
        fx.file(".qmail", "./Mailbox\n");
        fx.file(".qmail-owner", "&owner@x\n");
        fx.deliver(fx.user("", ""), "joe", "example.com", LocalFixture.SENDER);
        assertEquals("joe-owner@example.com", last().environment().get(Delivery.ENV_NEWSENDER));
    }

    private String newSender(MailAddress sender) {
        fx.deliver(fx.user("-", "x"), "joe-x", "example.com", sender);
        return last().environment().get(Delivery.ENV_NEWSENDER);
    }
}
