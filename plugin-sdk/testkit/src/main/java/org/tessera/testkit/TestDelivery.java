package org.tessera.testkit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tessera.api.delivery.Delivery;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.users.MailUser;

/**
 * Builds a {@link Delivery} as the LOCAL channel hands it to a delivery target: one instruction for
 * one user, with the whole qmail-command environment computed from the recipient, the user and the
 * sender as qmail-local computes it (qmail-command(8)), so that a target can be tested on every
 * variable it reads. By default: {@code joe@example.com}, user {@code joe} (uid and gid 1000) in
 * {@code /home/joe}, from {@code sender@example.org}, message id 1, the {@code From } line's date the
 * epoch.
 *
 * <pre>{@code
 * Delivery delivery = TestDelivery.to("joe-news@example.com").home(home).ext("-", "news")
 *         .argument("./Maildir/").content(TestMessage.of("Subject: hi\n\nhello\n")).build();
 * }</pre>
 */
public final class TestDelivery {

    private static final String EPOCH_UFLINE_DATE = "Thu Jan 01 00:00:00 1970";

    /** {@code RPLINE} of the default sender. */
    public static final String RPLINE = "Return-Path: <sender@example.org>\n";

    /** {@code DTLINE} of the default recipient. */
    public static final String DTLINE = "Delivered-To: joe@example.com\n";

    /** {@code UFLINE} of the default sender. */
    public static final String UFLINE = "From sender@example.org " + EPOCH_UFLINE_DATE + "\n";

    private final MailAddress recipient;
    private long messageId = 1;
    private String user = "joe";
    private long uid = 1000;
    private long gid = 1000;
    private String home = "/home/joe";
    private String dash = "";
    private String ext = "";
    private String defaultPart;
    private MailAddress sender = new MailAddress("sender", "example.org");
    private MailAddress newSender;
    private List<String> arguments = List.of("./Maildir/");
    private MessageContent content = TestMessage.of("Subject: test\n\nhello\n");
    private final Map<String, String> overrides = new HashMap<>();

    private TestDelivery(MailAddress recipient) {
        this.recipient = recipient;
    }

    /** A delivery of {@code content} to {@code joe@example.com}, whose home is {@code home}, for the line's {@code argument}. */
    public static Delivery of(Object home, String argument, MessageContent content) {
        return to("joe@example.com").home(home).argument(argument).content(content).build();
    }

    /** A delivery to {@code recipient} ({@code LOCAL@HOST}). */
    public static TestDelivery to(String recipient) {
        return new TestDelivery(MailAddress.parse(recipient));
    }

    /** The queue's number of the message. */
    public TestDelivery messageId(long id) {
        this.messageId = id;
        return this;
    }

    /** The user the recipient belongs to. */
    public TestDelivery user(String name, long userId, long groupId) {
        this.user = name;
        this.uid = userId;
        this.gid = groupId;
        return this;
    }

    /** The user's home directory ({@code HOME}, the base of relative paths). */
    public TestDelivery home(Object directory) {
        this.home = directory.toString();
        return this;
    }

    /** The address extension as the user directory found it: {@code dash} ({@code ""} or {@code "-"}) and {@code EXT}. */
    public TestDelivery ext(String dashOfUser, String extension) {
        this.dash = dashOfUser;
        this.ext = extension;
        return this;
    }

    /** Marks the {@code .qmail} file as a {@code -default} one that stood for {@code part} ({@code DEFAULT}). */
    public TestDelivery matchedDefault(String part) {
        this.defaultPart = part;
        return this;
    }

    /** The envelope sender; {@code ""} for the null sender {@code <>}. */
    public TestDelivery sender(String address) {
        this.sender = MailAddress.parse(address);
        return this;
    }

    /** The envelope sender of forwards ({@code NEWSENDER}); the sender unless set. */
    public TestDelivery newSender(String address) {
        this.newSender = MailAddress.parse(address);
        return this;
    }

    /** The instruction's argument(s): the path, the command, or a plugin kind's text; every address of a forward. */
    public TestDelivery argument(String... argument) {
        this.arguments = List.of(argument);
        return this;
    }

    /** The message. */
    public TestDelivery content(MessageContent message) {
        this.content = message;
        return this;
    }

    /** Sets one environment variable to a value of the test's own, after the computed ones. */
    public TestDelivery environment(String name, String value) {
        overrides.put(name, value);
        return this;
    }

    /** The delivery. */
    public Delivery build() {
        MailAddress forwardsFrom = newSender == null ? sender : newSender;
        MailUser mailUser = new MailUser(user, uid, gid, home, dash, ext);
        Map<String, String> environment = environment(forwardsFrom);
        environment.putAll(overrides);
        return new Delivery(messageId, mailUser, arguments, sender, recipient, forwardsFrom, environment, content);
    }

    private Map<String, String> environment(MailAddress forwardsFrom) {
        String local = recipient.local();
        String host = recipient.domain();
        Map<String, String> env = new HashMap<>();
        env.put(Delivery.ENV_USER, user);
        env.put(Delivery.ENV_HOME, home);
        env.put(Delivery.ENV_LOCAL, local);
        env.put(Delivery.ENV_HOST, host);
        env.put(Delivery.ENV_RECIPIENT, local + "@" + host);
        env.put(Delivery.ENV_SENDER, sender.text());
        env.put(Delivery.ENV_NEWSENDER, forwardsFrom.text());
        String ext2 = afterDash(ext);
        String ext3 = afterDash(ext2);
        env.put(Delivery.ENV_EXT, ext);
        env.put(Delivery.ENV_EXT2, ext2);
        env.put(Delivery.ENV_EXT3, ext3);
        env.put(Delivery.ENV_EXT4, afterDash(ext3));
        String host2 = beforeLastDot(host);
        String host3 = beforeLastDot(host2);
        env.put(Delivery.ENV_HOST2, host2);
        env.put(Delivery.ENV_HOST3, host3);
        env.put(Delivery.ENV_HOST4, beforeLastDot(host3));
        if (defaultPart != null) {
            env.put(Delivery.ENV_DEFAULT, defaultPart);
        }
        env.put(Delivery.ENV_DTLINE, "Delivered-To: " + local + "@" + host + "\n");
        env.put(Delivery.ENV_RPLINE, "Return-Path: <" + sender.text() + ">\n");
        env.put(Delivery.ENV_UFLINE, "From " + (sender.text().isEmpty() ? "MAILER-DAEMON" : sender.text()) + " "
                + EPOCH_UFLINE_DATE + "\n");
        return env;
    }

    // qmail-local: EXT2 is EXT after its first dash, empty when it has none.
    private static String afterDash(String text) {
        int dash = text.indexOf('-');
        return dash < 0 ? "" : text.substring(dash + 1);
    }

    // qmail-local: HOST2 is HOST up to its last dot, all of it when it has none.
    private static String beforeLastDot(String text) {
        int dot = text.lastIndexOf('.');
        return dot < 0 ? text : text.substring(0, dot);
    }
}
