package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.api.control.CdbRecord;
import org.tessera.common.users.AssignCompiler;
import org.tessera.common.users.AssignFormatException;

/** qmail-newu's records, byte for byte as qmail-newu.c makes them, and its format errors. */
class AssignCompilerTest {

    private static List<CdbRecord> compile(String text) throws IOException, AssignFormatException {
        return AssignCompiler.compile(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String show(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1).replace("\0", "\\0");
    }

    @Test
    void keysAndValuesAsQmailNewuWritesThem() throws Exception {
        List<CdbRecord> records = compile("=Joe:joe:507:100:/home/joe:::\n+Joe-:joe:507:100:/home/joe:-::ignored\n"
                + "+:alias:7790:2108:/var/qmail/alias:-::\nxJim:jim:1:2:/h:-:e:\n+LisT:list:3:4:/l:-:pre-:\n.\nafter\n");
        assertEquals(List.of("!joe\\0", "!joe-", "!", "!jim\\0", "!list", ""),
                records.stream().map(r -> show(r.key())).toList());
        assertEquals(List.of("joe\\0507\\0100\\0/home/joe\\0\\0", "joe\\0507\\0100\\0/home/joe\\0-\\0",
                "alias\\07790\\02108\\0/var/qmail/alias\\0-\\0", "jim\\01\\02\\0/h\\0-\\0e", "list\\03\\04\\0/l\\0-\\0pre-",
                "-T"), records.stream().map(r -> show(r.value())).toList());
    }

    @Test
    void repeatedWildcardCharactersAreStoredOnce() throws Exception {
        List<CdbRecord> records = compile("+a-:u:1:1:/h:-::\n+b-:u:1:1:/h:-::\n+c:u:1:1:/h:-::\n.");
        assertArrayEquals("-c".getBytes(StandardCharsets.ISO_8859_1), records.get(records.size() - 1).value());
    }

    @Test
    void formatErrors() {
        for (String bad : List.of("=joe:joe:507:100:/home/joe:::\n", "=joe:joe:507:100:/home/joe:::\n\n.\n",
                "=joe:joe:507:100:/home/joe::\n.\n", ":joe:507:100:/home/joe:::\n.\n", "=joe\n.\n",
                "=jo\0e:joe:507:100:/home/joe:::\n.\n", "", "=joe:joe:507:100:/home/joe:::")) {
            assertThrows(AssignFormatException.class, () -> compile(bad), bad);
        }
    }

    @Test
    void theDotLineNeedsNoLf() throws Exception {
        assertEquals(1, compile(".").size());
        assertEquals(2, compile("=a:u:1:1:/h:::\n.x").size());
    }
}
