/**
 * Netty glue for James Protocols: {@link org.tessera.james.netty.ManagedNettyServer}, a server
 * that owns every thread it starts and stops all of them on unbind (James's own
 * {@code NettyServer} leaks an event-loop group per bind), and
 * {@link org.tessera.james.netty.NonBlockingMDCContextFactory}, which never asks DNS for the
 * client's name; {@link org.tessera.james.netty.ChannelTransport}, through which a handler resumes
 * its session on the session's own thread; {@link org.tessera.james.netty.LineChunkFramer}, a
 * framer that hands over every byte with its line ends.
 */
@Export
@Version("1.1.0")
package org.tessera.james.netty;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
