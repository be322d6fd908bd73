package org.tessera.shell.internal;

/**
 * One DS component configuration of a Tessera bundle; {@code activationId} changes whenever
 * SCR deactivates and activates the component again.
 */
record ComponentStatus(String name, String bundle, String state, String detail, long activationId, boolean healthy) {
}
