package org.tessera.shell.internal;

/** One Tessera bundle as {@code qmail:stat} reports it. */
record BundleStatus(long id, String symbolicName, String version, String state, boolean healthy) {
}
