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
import org.tessera.testkit.TestMessage;

/** The target as a root-mode user process runs it: a plain class path without OSGi, configured with text. */
class UserProcessTest {

    @TempDir
    Path home;

    @Test
    void plainJvmWithoutOsgiMakesConfiguresAndRunsTheTarget() throws Exception {
        String classPath = String.join(File.pathSeparator, location(ProgramTarget.class),
                location(UserProcessChild.class), location(DeliveryTarget.class), location(TestMessage.class));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classPath, UserProcessChild.class.getName(), home.toString(), ProgramTarget.class.getName(),
                "/usr/bin:/bin:/opt/configured").redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(ProgramTarget.class.getName() + " SUCCESS joe /usr/bin:/bin:/opt/configured the message\n", output);
        assertEquals(0, child.exitValue());
    }

    private static String location(Class<?> member) throws URISyntaxException {
        return Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
