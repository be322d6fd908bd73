package org.tessera.common.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.tessera.api.control.CdbRecord;

/**
 * {@code users/assign} as an administrator (or a tool) may have left it: the compiler either refuses
 * it with {@link AssignFormatException} or yields records shaped as qmail-newu writes them, whose
 * values qmail-lspawn's reading ({@link AssignValue}) reads back as users.
 */
class AssignCompilerFuzzTest {

    @FuzzTest
    void assignFile(byte[] text) throws IOException {
        List<CdbRecord> records;
        try {
            records = AssignCompiler.compile(new ByteArrayInputStream(text));
        } catch (AssignFormatException refused) {
            return;
        }
        assertFalse(records.isEmpty(), "the wildcard-character record is always there");
        assertEquals(0, records.get(records.size() - 1).key().length, "and always last");
        for (CdbRecord record : records.subList(0, records.size() - 1)) {
            assertEquals('!', record.key()[0], "every user record's key starts with '!'");
            int nuls = 0;
            for (byte b : record.value()) {
                nuls += b == 0 ? 1 : 0;
            }
            assertEquals(5, nuls, "six fields, five of them ended by NUL");
            assertTrue(AssignValue.parse(record.value()).isPresent(), "users/cdb's value is read back as a user");
        }
    }
}
