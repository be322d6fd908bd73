package org.tessera.api.mail;

import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An envelope address as qmail keeps it: the text before and after the <em>last</em>
 * {@code @}.
 *
 * <p>The local part may itself contain {@code @}, {@code %}, {@code !} or quotes
 * ({@code u@evil.test@example.com} is local part {@code u@evil.test}, domain
 * {@code example.com}); no rewriting or case folding is done here. An address without
 * {@code @} (such as {@code postmaster} before {@code envnoathost} is appended) has an empty
 * domain, so {@code joe} and {@code joe@} are the same value: an edge that must tell them
 * apart does so before it makes a {@code MailAddress}. The textual form is
 * {@code local + "@" + domain}, or {@code local} alone when the domain is empty; the null
 * sender {@code <>} is {@link #NULL_SENDER}.
 *
 * <p>No length limit is enforced here: the limits differ per protocol (899 bytes in SMTP,
 * 1000 in QMTP and QMQP, 1002 in the queue) and are checked where the address is read.
 *
 * @param local the local part, possibly empty (the trash address {@code @domain}, or the null sender)
 * @param domain the text after the last {@code @}, without {@code @}; empty when the address has none
 */
@ConsumerType
public record MailAddress(String local, String domain) {

    /** The null sender {@code <>} of bounces: empty local part and domain. */
    public static final MailAddress NULL_SENDER = new MailAddress("", "");

    /**
     * The sender {@code #@[]} of double bounces; a message from it that fails is discarded
     * (qmail's triple bounce).
     */
    public static final MailAddress DOUBLE_BOUNCE_SENDER = new MailAddress("#", "[]");

    /**
     * Validates the components.
     *
     * @param local the local part, not null, without NUL bytes
     * @param domain the domain, not null, without {@code @} and NUL bytes
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when the domain contains {@code @} or a component contains NUL
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
    }
}
