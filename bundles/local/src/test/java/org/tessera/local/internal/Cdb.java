package org.tessera.local.internal;


import org.tessera.api.control.CdbFiles;
import org.tessera.common.cdb.CdbFileStore;

/** The cdb reader and writer the server and the tools share. */
final class Cdb {

    private Cdb() {
    }

    static CdbFiles files() {
        return new CdbFileStore();
    }
}
