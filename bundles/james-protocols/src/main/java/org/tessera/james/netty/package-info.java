/**
 * Netty glue for James Protocols: {@link org.tessera.james.netty.ManagedNettyServer}, a server
 * that owns every thread it starts and stops all of them on unbind (James's own
 * {@code NettyServer} leaks an event-loop group per bind), and
 * {@link org.tessera.james.netty.NonBlockingMDCContextFactory}, which never asks DNS for the
 * client's name.
 */
@Export
@Version("1.0.0")
package org.tessera.james.netty;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
