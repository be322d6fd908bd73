package org.tessera.control.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.osgi.util.converter.Converters;

/** A home in a temporary directory and a {@link ControlFilesService} activated over it, as SCR would. */
final class TestHome {

    final Path home;
    final Path control;

    TestHome(Path home) {
        this.home = home;
        this.control = home.resolve("control");
        try {
            Files.createDirectories(control);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Activates the component with the home configured and no layout, so no file exists unless a test writes it. */
    ControlFilesService service() {
        return activate(Map.of("home", home.toString(), "createHome", false));
    }

    static ControlFilesService activate(Map<String, Object> properties) {
        ControlFilesServiceConfiguration config = Converters.standardConverter()
                .convert(properties).to(ControlFilesServiceConfiguration.class);
        ControlFilesService service = new ControlFilesService();
        service.activate(config);
        return service;
    }

    /** Writes a control file byte for byte (ISO-8859-1). */
    TestHome write(String name, String content) {
        try {
            Files.write(control.resolve(name), content.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    TestHome delete(String name) {
        try {
            Files.deleteIfExists(control.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
