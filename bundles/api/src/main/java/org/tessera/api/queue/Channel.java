package org.tessera.api.queue;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The two delivery channels of qmail-send: every recipient is classified into one of them by
 * {@code locals} and {@code virtualdomains}. The name of a constant is the value of the
 * {@link DeliveryChannel#CHANNEL} service property.
 */
@ProviderType
public enum Channel {
    /** Local delivery (qmail-lspawn, qmail-local): retries every (10k)² seconds after birth. */
    LOCAL,
    /** Remote delivery (qmail-rspawn, qmail-remote): retries every (20k)² seconds after birth. */
    REMOTE
}
