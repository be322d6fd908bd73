package org.tessera.relaypolicy.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.tessera.api.control.CdbRecord;
import org.tessera.api.control.ControlFiles;
import org.tessera.control.internal.CdbFilesService;
import org.tessera.control.internal.ControlFilesForTests;

/** A temporary home whose control files tests write, read by the real ControlFiles service. */
final class ControlHome {

    final Path control;
    final ControlFiles files;

    ControlHome(Path home) {
        control = home.resolve("control");
        try {
            Files.createDirectories(control);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files = ControlFilesForTests.over(home);
    }

    /** Writes a control file, one entry per line. */
    ControlHome write(String name, String... lines) {
        try {
            Files.writeString(control.resolve(name), lines.length == 0 ? "" : String.join("\n", lines) + "\n",
                    StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes {@code morercpthosts.cdb} as qmail-newmrh does: the lower-cased domains as keys, empty values. */
    ControlHome writeMoreRcptHosts(String... domains) {
        List<CdbRecord> records = new ArrayList<>();
        for (String domain : domains) {
            records.add(new CdbRecord(domain.getBytes(StandardCharsets.ISO_8859_1), new byte[0]));
        }
        try {
            new CdbFilesService().write(control.resolve("morercpthosts.cdb"), records);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ControlHome delete(String name) {
        try {
            Files.deleteIfExists(control.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Makes the service see the files as they now are (qmail's HUP). */
    ControlHome reload() {
        files.reload();
        return this;
    }
}
