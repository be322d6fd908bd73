package org.tessera.control.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbRecord;
import org.tessera.api.control.CdbTable;
import org.tessera.common.cdb.CdbFileStore;

/** The cdb files of the home for the other bundles: {@link CdbFileStore} as a service. */
@Component(service = CdbFiles.class)
public final class CdbFilesService implements CdbFiles {

    private final CdbFileStore files = new CdbFileStore();

    @Override
    public Optional<CdbTable> open(Path file) throws IOException {
        return files.open(file);
    }

    @Override
    public void write(Path file, Iterable<CdbRecord> records) throws IOException {
        files.write(file, records);
    }
}
