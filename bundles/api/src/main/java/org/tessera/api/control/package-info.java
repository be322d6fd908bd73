/**
 * A typed, reloadable view of qmail's control directory ({@code $TESSERA_HOME/control}),
 * and the constant database (cdb) format that several of its files and the users and
 * tcprules databases are stored in.
 *
 * <p>The readers, defaults and matching rules are those of qmail (qmail-control(5), qmail-send(8),
 * qmail-remote(8)): the <em>line</em>, <em>int</em> and <em>list</em> readers, {@code me}
 * defaulting, and the exact-then-{@code .suffix}-then-catch-all lookup of {@code virtualdomains}
 * and {@code smtproutes}.
 */
@Export
@Version("1.2.0")
package org.tessera.api.control;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
