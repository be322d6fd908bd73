package org.tessera.checkpassword.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.tessera.common.passwd.PasswordFilePath;

/** Where the file is: karaf.etc first, then the etc of the Tessera home; a configured name taken in etc. */
class PasswordFilePathTest {

    private static final Path HOME = Path.of("/home/t");

    @Test
    void isInKarafEtcFirst() {
        assertEquals(Path.of("/srv/tessera/etc/passwd.tessera"),
                PasswordFilePath.resolve("", "/srv/tessera/etc", Path.of("/other")));
    }

    @Test
    void isInTheEtcOfTheHomeWithoutKarafEtc() {
        assertEquals(Path.of("/home/t/etc/passwd.tessera"), PasswordFilePath.resolve(" ", null, HOME));
        assertEquals(Path.of("/home/t/etc/passwd.tessera"), PasswordFilePath.resolve("", "", HOME));
    }

    @Test
    void takesAConfiguredNameInEtcAndAPathAsItIs() {
        assertEquals(Path.of("/srv/etc/users.passwd"), PasswordFilePath.resolve("users.passwd", "/srv/etc", HOME));
        assertEquals(Path.of("/var/lib/passwd"), PasswordFilePath.resolve("/var/lib/passwd", "/srv/etc", HOME));
        assertEquals(Path.of("/srv/users"), PasswordFilePath.resolve("../users", "/srv/etc", HOME));
    }
}
