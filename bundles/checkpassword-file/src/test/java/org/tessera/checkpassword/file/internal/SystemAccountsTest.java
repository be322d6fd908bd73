package org.tessera.checkpassword.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.common.passwd.SystemAccounts;

/** The accounts of a passwd(5) file, by name. */
class SystemAccountsTest {

    @TempDir
    Path directory;

    @Test
    void findsTheFirstAccountOfTheName() throws IOException {
        Path passwd = directory.resolve("passwd");
        Files.write(passwd, ("root:x:0:0:root:/root:/bin/bash\n"
                + "broken:x:abc:0::/nowhere:/bin/sh\n"
                + "short:x:5:5\n"
                + "anne:x:1001:100:Anne \u00c9xample:/home/anne:/bin/sh\n"
                + "anne:x:2002:200::/home/anne2:/bin/sh\n"
                + "latin:x:1003:100:\u00e9:/home/latin:/bin/sh\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertEquals(Optional.of(new SystemAccounts.Account(0, 0, "/root")), SystemAccounts.find(passwd, "root"));
        assertEquals(Optional.of(new SystemAccounts.Account(1001, 100, "/home/anne")), SystemAccounts.find(passwd, "anne"));
        assertEquals(Optional.of(new SystemAccounts.Account(1003, 100, "/home/latin")), SystemAccounts.find(passwd, "latin"));
        assertEquals(Optional.empty(), SystemAccounts.find(passwd, "broken"));
        assertEquals(Optional.empty(), SystemAccounts.find(passwd, "short"));
        assertEquals(Optional.empty(), SystemAccounts.find(passwd, "Anne"));
    }

    @Test
    void hasNoAccountsWithoutTheFile() throws IOException {
        assertEquals(Optional.empty(), SystemAccounts.find(directory.resolve("none"), "root"));
    }
}
