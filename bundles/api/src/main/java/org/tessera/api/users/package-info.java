/**
 * Who a local recipient is: qmail-lspawn's address-to-user step (qmail-lspawn(8), qmail-users(5))
 * as a chain of {@link org.tessera.api.users.UserDirectory} services — {@code users/cdb},
 * system accounts by qmail-getpw's rules, the alias user, and plugins (LDAP, SQL) — each
 * answering with qmail-users' fields ({@link org.tessera.api.users.MailUser}).
 */
@Export
@Version("1.0.0")
package org.tessera.api.users;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
