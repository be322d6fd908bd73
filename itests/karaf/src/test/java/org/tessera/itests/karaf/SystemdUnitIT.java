package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Test;
import org.tessera.itests.karaf.Commands.Result;

/** The distribution's systemd unit (etc/systemd/tessera.service) as systemd reads it. */
public class SystemdUnitIT {

    @Test
    public void theUnitIsOneSystemdTakesWithThePathsOfAnInstallation() throws Exception {
        SmtpIT.requireTool("systemd-analyze");
        Commands commands = new Commands("systemd-home");
        String unit = Files.readString(commands.distribution.resolve("etc/systemd/tessera.service"));
        for (String expected : List.of("ExecStart=/opt/tessera/bin/tessera run", "ExecStop=/opt/tessera/bin/tessera stop",
                "Restart=on-failure", "Environment=TESSERA_HOME=/var/tessera", "LimitNOFILE=", "User=root")) {
            assertTrue(expected + " in\n" + unit, unit.contains(expected));
        }
        // Installed as its header says, with this distribution in place of /opt/tessera.
        Path installed = Files.createDirectories(commands.home).resolve("tessera.service");
        Files.writeString(installed, unit.replace("/opt/tessera", commands.distribution.toRealPath().toString())
                .replace("/var/tessera", commands.home.toString()));
        Result verify = commands.run(60, List.of("systemd-analyze", "verify", installed.toString()), null);
        assertEquals(verify.toString(), 0, verify.exit());
        assertEquals("no warning about the unit: " + verify.out(), List.of(),
                verify.out().lines().filter(l -> l.contains("tessera.service")).toList());
    }
}
