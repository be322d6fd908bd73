package org.tessera.api.delivery;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.users.MailUser;

/**
 * What a {@link DeliveryTarget} is handed: one instruction of a {@code .qmail} file, for whom,
 * and the message.
 *
 * <p>The {@link #environment()} is qmail-local's environment for programs (qmail-command(8)),
 * complete and already computed: targets take {@code DTLINE}, {@code RPLINE} and {@code UFLINE}
 * from it rather than building them. The typed
 * {@code sender}, {@code recipient} and {@code newSender} are the same addresses as
 * {@code SENDER}, {@code RECIPIENT} and {@code NEWSENDER}.
 *
 * @param messageId the queue's number of the message; deliveries can repeat after a crash,
 *        so a target that must not deliver twice can key on it with the recipient
 * @param user the user the recipient belongs to; its {@code home} is the base of relative paths
 * @param arguments the instruction's argument: for {@code maildir} and {@code mbox} the path as
 *        written (relative to the home when it starts with {@code .}), for {@code program} the
 *        command after {@code |}, for a plugin kind the text its syntax gives; for
 *        {@code forward} every forward address of the file, in file order, to be sent as one
 *        message (qmail sends forwards last, in one injection). Never empty
 * @param sender the envelope sender, VERP-expanded ({@code SENDER})
 * @param recipient the recipient {@code LOCAL@HOST} ({@code RECIPIENT})
 * @param newSender the envelope sender for forwards ({@code NEWSENDER}, qmail-command(8))
 * @param environment the qmail-command environment: every {@link #REQUIRED_ENVIRONMENT} name,
 *        plus {@code DEFAULT} when the file matched was a {@code -default} one
 * @param content the queued message, unchanged (programs read exactly these bytes)
 */
@ProviderType
public record Delivery(long messageId, MailUser user, List<String> arguments, MailAddress sender,
        MailAddress recipient, MailAddress newSender, Map<String, String> environment, MessageContent content) {

    /** Environment name: the user name. */
    public static final String ENV_USER = "USER";
    /** Environment name: the user's home directory. */
    public static final String ENV_HOME = "HOME";
    /** Environment name: the local part, original case, after the virtual-domain prepend. */
    public static final String ENV_LOCAL = "LOCAL";
    /** Environment name: the domain. */
    public static final String ENV_HOST = "HOST";
    /** Environment name: {@code LOCAL@HOST}. */
    public static final String ENV_RECIPIENT = "RECIPIENT";
    /** Environment name: the envelope sender, possibly empty, {@code #@[]} or VERP-expanded. */
    public static final String ENV_SENDER = "SENDER";
    /** Environment name: the envelope sender for forwards. */
    public static final String ENV_NEWSENDER = "NEWSENDER";
    /** Environment name: the address extension, original case. */
    public static final String ENV_EXT = "EXT";
    /** Environment name: {@code EXT} after its first {@code -}, or empty. */
    public static final String ENV_EXT2 = "EXT2";
    /** Environment name: {@code EXT} after its second {@code -}, or empty. */
    public static final String ENV_EXT3 = "EXT3";
    /** Environment name: {@code EXT} after its third {@code -}, or empty. */
    public static final String ENV_EXT4 = "EXT4";
    /** Environment name: {@code HOST} up to its last {@code .}. */
    public static final String ENV_HOST2 = "HOST2";
    /** Environment name: {@code HOST} up to its second-last {@code .}. */
    public static final String ENV_HOST3 = "HOST3";
    /** Environment name: {@code HOST} up to its third-last {@code .}. */
    public static final String ENV_HOST4 = "HOST4";
    /** Environment name: the part of {@code EXT} that {@code default} matched; set only for a {@code -default} file. */
    public static final String ENV_DEFAULT = "DEFAULT";
    /** Environment name: {@code Delivered-To: LOCAL@HOST} and a LF. */
    public static final String ENV_DTLINE = "DTLINE";
    /** Environment name: {@code Return-Path: <sender>} and a LF. */
    public static final String ENV_RPLINE = "RPLINE";
    /** Environment name: the mbox {@code From sender date} line and a LF. */
    public static final String ENV_UFLINE = "UFLINE";

    /** The environment names every delivery carries (all of the {@code ENV_} names but {@code DEFAULT}). */
    public static final Set<String> REQUIRED_ENVIRONMENT = Set.of(ENV_USER, ENV_HOME, ENV_LOCAL, ENV_HOST,
            ENV_RECIPIENT, ENV_SENDER, ENV_NEWSENDER, ENV_EXT, ENV_EXT2, ENV_EXT3, ENV_EXT4, ENV_HOST2, ENV_HOST3,
            ENV_HOST4, ENV_DTLINE, ENV_RPLINE, ENV_UFLINE);

    /**
     * Validates the components and copies the argument list and the environment.
     *
     * @param messageId positive
     * @param user not null
     * @param arguments not null, not empty, without null elements
     * @param sender not null
     * @param recipient not null
     * @param newSender not null
     * @param environment not null, without null keys or values, with every {@link #REQUIRED_ENVIRONMENT} name
     * @param content not null
     * @throws NullPointerException when a reference, an element, a key or a value is null
     * @throws IllegalArgumentException when the id is not positive, there is no argument, or a
     *         required environment name is missing
     */
    public Delivery {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(newSender, "newSender");
        Objects.requireNonNull(content, "content");
        arguments = List.copyOf(Objects.requireNonNull(arguments, "arguments"));
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        if (messageId <= 0) {
            throw new IllegalArgumentException("messageId must be positive: " + messageId);
        }
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("no argument");
        }
        if (!environment.keySet().containsAll(REQUIRED_ENVIRONMENT)) {
            throw new IllegalArgumentException("environment lacks a required name of " + REQUIRED_ENVIRONMENT);
        }
    }
}
