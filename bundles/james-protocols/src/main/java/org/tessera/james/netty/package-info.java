/**
 * Netty glue for James Protocols: {@link org.tessera.james.netty.ManagedNettyServer}, a server
 * that owns every thread it starts and stops all of them on unbind (James's own
 * {@code NettyServer} leaks an event-loop group per bind) and never asks DNS for a client's name;
 * {@link org.tessera.james.netty.ChannelTransport}, through which a handler resumes
 * its session on the session's own thread; {@link org.tessera.james.netty.LineChunkFramer}, a
 * framer that hands over every byte with its line ends, and
 * {@link org.tessera.james.netty.ByteChunkFramer}, one that never waits for a line end;
 * {@link org.tessera.james.netty.TcpServer}, tcpserver's part of every listener (connection
 * rules, {@code concurrencyincoming}, its mail-log lines); {@link org.tessera.james.netty.MessagePipe},
 * the bounded stream with back-pressure through which a session streams a message into the queue.
 */
@Export
@Version("2.0.0")
package org.tessera.james.netty;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
