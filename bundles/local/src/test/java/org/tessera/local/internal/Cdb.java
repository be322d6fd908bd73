package org.tessera.local.internal;

import java.util.ServiceLoader;

import org.tessera.api.control.CdbFiles;

/** The control bundle's cdb reader and writer, found as the tools find it. */
final class Cdb {

    private Cdb() {
    }

    static CdbFiles files() {
        return ServiceLoader.load(CdbFiles.class).findFirst().orElseThrow();
    }
}
