/**
 * What every listener (SMTP, QMTP, QMQP, POP3) runs on: {@link org.tessera.listener.TcpServer},
 * tcpserver's part (connection rules, {@code concurrencyincoming}, its mail-log lines), on
 * {@link org.tessera.listener.ManagedNettyServer}, a server that owns every thread it starts and
 * stops all of them on unbind (James's own {@code NettyServer} leaks an event-loop group per bind)
 * and never asks DNS for a client's name; {@link org.tessera.listener.ChannelTransport}, through
 * which a session resumes on its own thread; {@link org.tessera.listener.LineChunkFramer}, a framer
 * that hands over every byte with its line ends, and {@link org.tessera.listener.ByteChunkFramer},
 * one that never waits for a line end; {@link org.tessera.listener.MessagePipe}, the bounded stream
 * with back-pressure through which a session streams a message into the queue, and
 * {@link org.tessera.listener.ReadGate}, which stops a session's reading meanwhile;
 * {@link org.tessera.listener.QmailReceivedHeader}, qmail's {@code Received:} line.
 */
@Export
@Version("2.0.0")
package org.tessera.listener;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
