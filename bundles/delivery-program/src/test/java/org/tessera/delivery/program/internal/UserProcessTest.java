package org.tessera.delivery.program.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.delivery.DeliveryTarget;

/** The target as the root-mode delivery child finds it: java.util.ServiceLoader on a plain class path without OSGi. */
class ServiceLoaderTest {

    @TempDir
    Path home;

    @Test
    void plainJvmWithoutOsgiFindsAndRunsTheTarget() throws Exception {
        String classPath = String.join(File.pathSeparator, location(ProgramTarget.class), location(ServiceLoaderChild.class),
                location(DeliveryTarget.class));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                ServiceLoaderChild.class.getName(), home.toString()).redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(ProgramTarget.class.getName() + " SUCCESS joe the message\n", output);
        assertEquals(0, child.exitValue());
    }

    private static String location(Class<?> member) throws URISyntaxException {
        return Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
