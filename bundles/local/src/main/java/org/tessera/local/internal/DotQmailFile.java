package org.tessera.local.internal;

import java.util.Optional;

/**
 * The {@code .qmail} file the search chose.
 *
 * @param name its name relative to the home, as qmail-local's diagnostics give it
 * @param content its text
 * @param forwardOnly whether it has the owner-execute bit
 * @param defaultPart for a file whose name ends in {@code default}, the part of {@code EXT} it stood for ({@code DEFAULT})
 */
record DotQmailFile(String name, String content, boolean forwardOnly, Optional<String> defaultPart) {
}
