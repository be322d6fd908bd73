package org.tessera.api.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.tessera.api.mail.MailAddress;

/**
 * A mail transaction as the listener sees it when it asks a hook: the connection, what its
 * connection rule assigned, and what the client has said so far.
 *
 * <p>Listeners implement this and plugins only read it, so it can gain methods in a minor
 * version (as the SMTP session of other servers does) without breaking a plugin. It is a
 * snapshot for the duration of one hook call: the values do not change under the hook, and a
 * hook must not keep it after returning. QMTP has no {@code HELO}, TLS or authentication; its
 * transactions answer empty there.
 */
@ProviderType
public interface MailTransaction {

    /**
     * The connection.
     *
     * @return the client, its addresses and the listener's name
     */
    ClientInfo client();

    /**
     * The variables the client's connection rule assigned (see
     * {@link ConnectionDecision#environment()}); {@code RELAYCLIENT} present, even empty, means
     * the client may relay.
     *
     * @return the variables, unmodifiable
     */
    Map<String, String> environment();

    /**
     * The argument of the client's last {@code HELO} or {@code EHLO} that was accepted.
     *
     * @return the name the client gave, as given; empty before any or in QMTP
     */
    Optional<String> helo();

    /**
     * The TLS session the transaction runs in.
     *
     * @return the negotiated parameters; empty when the connection is not encrypted
     */
    Optional<TlsParameters> tls();

    /**
     * Who the client authenticated as.
     *
     * @return the user and the mechanism; empty when the client has not authenticated
     */
    Optional<Authentication> authentication();

    /**
     * The envelope sender of the transaction.
     *
     * @return the sender once {@code MAIL FROM} was accepted ({@link MailAddress#NULL_SENDER}
     *         for {@code <>}); empty before it
     */
    Optional<MailAddress> sender();

    /**
     * The recipients accepted so far, in order, each as it will be queued (with
     * {@code RELAYCLIENT}'s value appended where the environment sets it).
     *
     * @return the recipients, unmodifiable; empty before the first
     */
    List<MailAddress> recipients();
}
