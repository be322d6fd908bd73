package org.tessera.shell.internal;

/** One service registered under a Tessera SPI type, and the bundle that provides it. */
record PluginService(String type, String kind, int ranking, long serviceId, String component,
        String bundle, String bundleVersion, String bundleState) {
}
