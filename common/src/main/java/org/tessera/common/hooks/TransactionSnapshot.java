package org.tessera.common.hooks;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.Authentication;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.TlsParameters;

/**
 * A listener's {@link MailTransaction} as it stands when a hook is asked: a copy, so the session
 * can go on changing its own state while the hook runs on another thread.
 */
public record TransactionSnapshot(ClientInfo client, Map<String, String> environment, Optional<String> helo,
        Optional<TlsParameters> tls, Optional<Authentication> authentication, Optional<MailAddress> sender,
        List<MailAddress> recipients) implements MailTransaction {

    public TransactionSnapshot {
        environment = Map.copyOf(environment);
        recipients = List.copyOf(recipients);
    }

    /** A transaction of a protocol without greeting, TLS or authentication (QMTP). */
    public static TransactionSnapshot plain(ClientInfo client, Map<String, String> environment, MailAddress sender,
            List<MailAddress> recipients) {
        return new TransactionSnapshot(client, environment, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(sender), recipients);
    }
}
