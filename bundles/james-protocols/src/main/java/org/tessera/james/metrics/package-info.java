/**
 * Metrics glue for James Protocols: a {@link org.apache.james.metrics.api.MetricFactory} that
 * measures nothing, so that users of the wrapper never import {@code org.reactivestreams}.
 */
@Export
@Version("1.0.0")
package org.tessera.james.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
