package org.tessera.local.internal;

import java.util.Optional;
import java.util.ServiceLoader;

import org.tessera.api.control.CdbFiles;

/**
 * The main of {@code bin/qmail-newu}: qmail-newu on {@code $TESSERA_HOME/users}, without the server,
 * on a plain class path of the api, control and local jars. The cdb writer is the control bundle's,
 * found through {@link ServiceLoader}.
 */
public final class NewuTool {

    private NewuTool() {
    }

    /**
     * Compiles {@code users/assign} and exits with qmail-newu's status (0, or 111 after a {@code fatal} line).
     *
     * @param args ignored, as qmail-newu ignores them
     */
    public static void main(String[] args) {
        Optional<CdbFiles> cdbFiles = ServiceLoader.load(CdbFiles.class, NewuTool.class.getClassLoader()).findFirst();
        if (cdbFiles.isEmpty()) {
            System.err.println("qmail-newu: fatal: no cdb writer on the class path (the org.tessera.control jar)");
            System.exit(Newu.EXIT_TEMPORARY);
        }
        System.exit(Newu.run(ToolHome.of(System.getenv()), cdbFiles.get(), System.err));
    }
}
