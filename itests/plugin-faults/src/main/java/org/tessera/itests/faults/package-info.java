/** Plugins that misbehave on request, one of each kind, for the plugin fault tests. */
package org.tessera.itests.faults;
