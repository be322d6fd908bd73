/**
 * The queue: how messages enter it ({@link org.tessera.api.queue.MailQueue}), how it is watched
 * and operated ({@link org.tessera.api.queue.QueueAdmin}), and how it hands each recipient to
 * a delivery channel ({@link org.tessera.api.queue.DeliveryChannel}).
 *
 * <p>Outcomes keep qmail's three classes: success, permanent failure (bounce, or SMTP 5xx),
 * temporary failure (retry, or SMTP 4xx), each with the text qmail would log or reply. The
 * two engine services are asynchronous ({@link java.util.concurrent.CompletionStage}), so
 * that a netty listener or a non-blocking SMTP client waits without holding a thread.
 *
 * <p>1.3.0: {@code QueueChannel}.
 */
@Export
@Version("1.3.0")
package org.tessera.api.queue;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
