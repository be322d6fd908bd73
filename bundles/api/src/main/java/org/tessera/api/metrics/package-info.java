/**
 * Tessera's metrics as a service: {@link org.tessera.api.metrics.Metrics} gives a bundle or a plugin
 * counters, gauges and timers by {@link org.tessera.api.metrics.MeterId} (a name, a help text and a few
 * label values), and Tessera exports them to Prometheus. Nothing here names a metrics library, so a
 * plugin compiles against this package alone and keeps working whichever library Tessera runs.
 */
@Export
@Version("1.0.0")
package org.tessera.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
