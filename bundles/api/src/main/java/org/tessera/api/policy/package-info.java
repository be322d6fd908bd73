/**
 * Who may connect and for whom a client may send: tcpserver's rules (tcpserver(1),
 * tcprules(1)) as {@link org.tessera.api.policy.ConnectionRules}, and the RCPT-time
 * decision of qmail-smtpd and qmail-qmtpd ({@code rcpthosts}, {@code morercpthosts.cdb},
 * {@code RELAYCLIENT}, and beyond qmail, authentication) as a chain of
 * {@link org.tessera.api.policy.RelayPolicy} services.
 *
 * <p>Both are decided per client described by {@link org.tessera.api.policy.ClientInfo}; the
 * environment a rule assigns ({@code RELAYCLIENT}, {@code DATABYTES}, ...) travels with the
 * session to every later decision.
 */
@Export
@Version("1.0.0")
package org.tessera.api.policy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
