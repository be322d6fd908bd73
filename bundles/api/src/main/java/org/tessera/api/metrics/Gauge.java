package org.tessera.api.metrics;

import org.osgi.annotation.versioning.ProviderType;

/** A registered gauge, from {@link Metrics#gauge}: while it is open its supplier is read at each collection. */
@ProviderType
public interface Gauge extends AutoCloseable {

    /** Removes the gauge from the exported metrics; closing again does nothing. */
    @Override
    void close();
}
