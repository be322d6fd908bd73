package org.tessera.api.mail;

import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An envelope address as qmail keeps it: the text before and after the <em>last</em>
 * {@code @}, and whether there was an {@code @} at all.
 *
 * <p>{@link #parse(String)} is the one split and {@link #text()} the one join, so
 * {@code parse(a.text()).equals(a)} for every value. The local part may itself contain
 * {@code @}, {@code %}, {@code !} or quotes ({@code u@evil.test@example.com} is local part
 * {@code u@evil.test}, domain {@code example.com}); no rewriting or case folding is done here.
 *
 * <p>{@code joe} and {@code joe@} are different values, as they are to qmail: an address
 * without {@code @} (such as {@code postmaster} before {@code envnoathost} is appended) has
 * {@link #hasAt()} false and an empty domain, while {@code joe@} has an {@code @} and an empty
 * domain, which qmail-smtpd's rcpthosts check refuses and qmail-send never completes with
 * {@code envnoathost}. The null sender {@code <>} is {@link #NULL_SENDER}, the text {@code ""}.
 *
 * <p>No length limit is enforced here: the limits differ per protocol (899 bytes in SMTP,
 * 1000 in QMTP and QMQP, 1002 in the queue) and are checked where the address is read.
 *
 * @param local the local part, possibly empty (the trash address {@code @domain}, or the null sender)
 * @param domain the text after the last {@code @}, without {@code @}; empty when the address has none
 *        or ends with its last {@code @}
 * @param hasAt whether the text has an {@code @} before the domain; when false the domain is empty
 */
@ConsumerType
public record MailAddress(String local, String domain, boolean hasAt) {

    /** The null sender {@code <>} of bounces: empty local part, no {@code @}. */
    public static final MailAddress NULL_SENDER = new MailAddress("", "", false);

    /**
     * The sender {@code #@[]} of double bounces; a message from it that fails is discarded
     * (qmail's triple bounce).
     */
    public static final MailAddress DOUBLE_BOUNCE_SENDER = new MailAddress("#", "[]", true);

    /**
     * Validates the components.
     *
     * @param local the local part, not null, without NUL bytes
     * @param domain the domain, not null, without {@code @} and NUL bytes, empty when {@code hasAt} is false
     * @param hasAt whether the text has an {@code @} before the domain
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when the domain contains {@code @}, a component contains NUL,
     *         or a domain is given without an {@code @}
     * @since 1.1
     */
    public MailAddress {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(domain, "domain");
        if (domain.indexOf('@') >= 0) {
            throw new IllegalArgumentException("domain contains '@': " + domain);
        }
        if (local.indexOf('\0') >= 0 || domain.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("address contains NUL");
        }
        if (!hasAt && !domain.isEmpty()) {
            throw new IllegalArgumentException("a domain without '@': " + domain);
        }
    }

    /**
     * Makes {@code local@domain}, or {@code local} alone when the domain is empty; use
     * {@link #parse(String)} or the canonical constructor for {@code local@} with its empty domain.
     *
     * @param local the local part, not null, without NUL bytes
     * @param domain the domain, not null, without {@code @} and NUL bytes
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when the domain contains {@code @} or a component contains NUL
     */
    public MailAddress(String local, String domain) {
        this(local, domain, !Objects.requireNonNull(domain, "domain").isEmpty());
    }

    /**
     * Splits an address at its last {@code @}, as qmail does everywhere.
     *
     * @param text the address as a protocol or a file carries it, without {@code <>}; {@code ""} is the null sender
     * @return the address; without {@code @} the whole text is the local part
     * @throws NullPointerException when {@code text} is null
     * @throws IllegalArgumentException when {@code text} contains NUL
     * @since 1.1
     */
    public static MailAddress parse(String text) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            return new MailAddress(text, "", false);
        }
        return new MailAddress(text.substring(0, at), text.substring(at + 1), true);
    }

    /**
     * Returns the address as qmail writes it in the queue and hands it to programs.
     *
     * @return {@code local@domain} when the address has an {@code @} (also {@code local@} and
     *         {@code @domain}), else the local part alone ({@code ""} for the null sender)
     * @since 1.1
     */
    public String text() {
        return hasAt ? local + "@" + domain : local;
    }

    /**
     * Returns {@link #text()}, so that logs and messages show the address as qmail would.
     *
     * @return the textual form
     */
    @Override
    public String toString() {
        return text();
    }
}
