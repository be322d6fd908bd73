/**
 * What a plugin component declares about itself beside {@code @Component}, as component property
 * types that Declarative Services turns into correctly typed service properties:
 * {@link org.tessera.api.plugin.Ranking}. The properties of one service type live with it
 * ({@link org.tessera.api.delivery.DeliveryKind}, {@link org.tessera.api.queue.QueueChannel}).
 */
@Export
@Version("1.0.0")
package org.tessera.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
