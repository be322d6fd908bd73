package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.control.CdbRecord;
import org.tessera.api.users.MailUser;
import org.tessera.common.users.AssignCompiler;

/** qmail-lspawn's users/cdb lookup over files qmail-newu's compiler wrote. */
class UsersCdbTest {

    @TempDir
    Path dir;

    UsersCdb users;

    @AfterEach
    void close() {
        if (users != null) {
            users.close();
        }
    }

    private UsersCdb assign(String text) throws Exception {
        List<CdbRecord> records = AssignCompiler.compile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        Cdb.files().write(dir.resolve("cdb"), records);
        if (users == null) {
            users = new UsersCdb(dir.resolve("cdb"), Cdb.files());
        }
        return users;
    }

    private static Optional<MailUser> user(String name, String dash, String ext) {
        return Optional.of(new MailUser(name, 1, 2, "/home/" + name, dash, ext));
    }

    @Test
    void exactBeatsWildcardAndTheLongestWildcardWins() throws Exception {
        UsersCdb u = assign("+:alias:1:2:/home/alias:-::\n+joe-:joe:1:2:/home/joe:-::\n+joe-list-:list:1:2:/home/list:-:l-:\n"
                + "=joe-info:info:1:2:/home/info:::\n=joe:joe:1:2:/home/joe:::\n.\n");
        assertEquals(user("joe", "", ""), u.find("joe"));
        assertEquals(user("info", "", ""), u.find("joe-info"));
        assertEquals(user("joe", "-", "Other"), u.find("joe-Other"));
        assertEquals(user("list", "-", "l-Sub"), u.find("joe-list-Sub"));
        assertEquals(user("list", "-", "l-"), u.find("joe-list-"));
        assertEquals(user("alias", "-", "Postmaster"), u.find("Postmaster"));
        assertEquals(user("alias", "-", "joex"), u.find("joex"));
    }

    @Test
    void lookupsIgnoreCaseTheExtensionKeepsIt() throws Exception {
        UsersCdb u = assign("=Joe:joe:1:2:/home/joe:::\n+Joe-:joe:1:2:/home/joe:-:x:\n+LIST:list:1:2:/home/list:-::\n.\n");
        assertEquals(user("joe", "", ""), u.find("JOE"));
        assertEquals(user("joe", "-", "xBar.Baz"), u.find("jOe-Bar.Baz"));
        // qmail-newu stores the wildcard character as written (T); the lookup compares it case-insensitively.
        assertEquals(user("list", "-", "Y"), u.find("listY"));
    }

    @Test
    void theFirstOfRepeatedKeysWins() throws Exception {
        UsersCdb u = assign("=joe:first:1:2:/home/first:::\n=joe:second:1:2:/home/second:::\n"
                + "+x-:first:1:2:/home/first:-::\n+x-:second:1:2:/home/second:-::\n.\n");
        assertEquals(user("first", "", ""), u.find("joe"));
        assertEquals(user("first", "-", "y"), u.find("x-y"));
    }

    @Test
    void noMatchAndNoFileAnswerNothing() throws Exception {
        assertEquals(Optional.empty(), new UsersCdb(dir.resolve("missing"), Cdb.files()).find("joe"));
        assertEquals(Optional.empty(), assign("=joe:joe:1:2:/home/joe:::\n+joe-:joe:1:2:/home/joe:-::\n.\n").find("jo"));
        assertEquals(user("joe", "-", ""), users.find("joe-")); // the loc may be the whole local part
        assertEquals(user("joe", "-", "x"), users.find("joe-x"));
    }

    @Test
    void aRebuiltFileIsUsedAtTheNextLookup() throws Exception {
        assertEquals(user("joe", "", ""), assign("=joe:joe:1:2:/home/joe:::\n.\n").find("joe"));
        assign("=joe:jim:1:2:/home/jim:::\n.\n");
        assertEquals(user("jim", "", ""), users.find("joe"));
        Files.delete(dir.resolve("cdb"));
        assertEquals(Optional.empty(), users.find("joe"));
    }

    @Test
    void idsAreDecimalPrefixes() throws Exception {
        assertEquals(Optional.of(new MailUser("joe", 507, 0, "/h", "", "")),
                assign("=joe:joe:507x:abc:/h:::\n.\n").find("joe"));
    }

    @Test
    void troubleDefers() throws Exception {
        Files.writeString(dir.resolve("cdb"), "not a cdb");
        users = new UsersCdb(dir.resolve("cdb"), Cdb.files());
        assertEquals(UsersCdb.TROUBLE, assertThrows(IOException.class, () -> users.find("joe")).getMessage());
        Cdb.files().write(dir.resolve("cdb"), List.of(new CdbRecord("!joe\0".getBytes(StandardCharsets.UTF_8),
                "joe\0001".getBytes(StandardCharsets.UTF_8))));
        // Without the empty key qmail-lspawn cannot read the wildcard characters.
        assertEquals(UsersCdb.TROUBLE, assertThrows(IOException.class, () -> users.find("joe")).getMessage());
        Cdb.files().write(dir.resolve("cdb"), List.of(new CdbRecord("!joe\0".getBytes(StandardCharsets.UTF_8),
                "joe\0001".getBytes(StandardCharsets.UTF_8)), new CdbRecord(new byte[0], new byte[0])));
        assertEquals(UsersCdb.BAD_VALUE, assertThrows(IOException.class, () -> users.find("joe")).getMessage());
    }
}
