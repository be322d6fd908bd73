/**
 * Checks at the end of DATA, beyond qmail and off unless a listener is configured to use
 * them: {@link org.tessera.api.filter.MessageFilter} plugins read the whole message before it
 * is acknowledged and accept it (possibly adding header fields), reject it or defer it.
 */
@Export
@Version("1.0.0")
package org.tessera.api.filter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
