package org.tessera.control.internal;

import java.nio.file.Path;
import java.util.Map;

import org.osgi.util.converter.Converters;
import org.tessera.api.control.ControlFiles;

/**
 * The real {@link ControlFilesService}, activated as SCR would over a test home; in control's
 * package only because its {@code activate} and configuration are package-private.
 */
public final class ControlFilesForTests {

    private ControlFilesForTests() {
    }

    /**
     * Activates the service over a home without creating its layout, so only the files a test writes exist.
     *
     * @param home the home; its {@code control/} directory must exist
     * @return the service
     */
    public static ControlFiles over(Path home) {
        ControlFilesServiceConfiguration config = Converters.standardConverter()
                .convert(Map.of("home", home.toString(), "createHome", false))
                .to(ControlFilesServiceConfiguration.class);
        ControlFilesService service = new ControlFilesService();
        service.activate(config);
        return service;
    }
}
