/**
 * Checks at the end of DATA, beyond qmail and off unless a listener is configured to use
 * them: {@link org.tessera.api.filter.MessageFilter} plugins read the whole message before it
 * is acknowledged and accept it (possibly adding header fields), reject it or defer it.
 *
 * <p>2.0.0: a filter is given the {@link org.tessera.api.policy.MailTransaction} (the client, its
 * environment, authentication, sender and recipients) instead of them as separate parameters.
 */
@Export
@Version("2.0.0")
package org.tessera.api.filter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
