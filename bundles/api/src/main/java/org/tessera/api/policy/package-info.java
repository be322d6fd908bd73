/**
 * Who may connect and what a client may send: tcpserver's rules (tcpserver(1),
 * tcprules(1)) as {@link org.tessera.api.policy.ConnectionRules}; beyond qmail, checks of the
 * greeting ({@link org.tessera.api.policy.HeloPolicy}) and of the sender
 * ({@link org.tessera.api.policy.SenderPolicy}); and the RCPT-time decision of qmail-smtpd and
 * qmail-qmtpd ({@code rcpthosts}, {@code morercpthosts.cdb}, {@code RELAYCLIENT}, and beyond
 * qmail, authentication) as a chain of {@link org.tessera.api.policy.RelayPolicy} services.
 *
 * <p>Every hook after the connection sees one view of the session,
 * {@link org.tessera.api.policy.MailTransaction}, which can grow without breaking a plugin; the
 * environment a connection rule assigns ({@code RELAYCLIENT}, {@code DATABYTES}, ...) travels in
 * it. Every call has a deadline, and a hook that passes it or fails is a temporary failure, never
 * an acceptance.
 *
 * <p>2.0.0: the hooks take a {@code MailTransaction} instead of the client, environment,
 * authenticated user and sender as separate parameters; {@code HeloPolicy} and
 * {@code SenderPolicy} are new; {@code ConnectionRules} services form a chain, and a
 * {@code ConnectionDecision} has an outcome, which may be no opinion.
 */
@Export
@Version("2.0.0")
package org.tessera.api.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
