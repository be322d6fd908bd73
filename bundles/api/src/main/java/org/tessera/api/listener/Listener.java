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
}
