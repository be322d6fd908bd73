package org.tessera.api.listener;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One network listener of the running server (tcpserver and its protocol program, in qmail's
 * terms). Only Tessera's listeners implement it; the console reads it.
 */
@ProviderType
public interface Listener {

    /** The listener's state now. */
    ListenerState state();

    /**
     * How the listener speaks TLS.
     *
     * @return {@code none}; {@code STARTTLS} (offered inside the session: SMTP STARTTLS, POP3 STLS); or
     *         {@code implicit} (every connection starts with the handshake)
     * @since 1.1
     */
    default String tlsMode() {
        return "none";
    }
}
