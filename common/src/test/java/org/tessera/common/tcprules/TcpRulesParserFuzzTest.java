package org.tessera.common.tcprules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.tessera.api.control.CdbRecord;
import org.tessera.api.control.CdbTable;
import org.tessera.common.cdb.CdbReader;
import org.tessera.common.cdb.CdbWriter;

/**
 * tcprules text as an administrator may write it: refused with {@link TcpRulesSyntaxException} (or an
 * {@link IOException} past the limits), or compiled into records that a cdb written from them gives
 * back, the first rule for each key winning.
 */
class TcpRulesParserFuzzTest {

    @FuzzTest
    void rulesText(byte[] text) throws IOException {
        List<CdbRecord> records;
        try {
            records = TcpRulesParser.parse(text);
        } catch (TcpRulesSyntaxException refused) {
            return;
        }
        for (CdbRecord record : records) {
            byte[] value = record.value();
            assertTrue(value.length == 0 || value[value.length - 1] == 0, "a rule's value ends with NUL");
        }
        // The cdb in memory: the same bytes as its file, read back as a mapping of the file would be.
        CdbTable table;
        try (SeekableInMemoryByteChannel file = new SeekableInMemoryByteChannel()) {
            CdbWriter.write(file, records);
            table = CdbReader.over("rules.cdb", ByteBuffer.wrap(file.array(), 0, (int) file.size()));
        }
        // Each key's first value and count, in one pass: a range makes up to 256 records a line.
        Map<ByteBuffer, byte[]> firstValues = new HashMap<>();
        Map<ByteBuffer, Integer> counts = new HashMap<>();
        for (CdbRecord record : records) {
            firstValues.putIfAbsent(ByteBuffer.wrap(record.key()), record.value());
            counts.merge(ByteBuffer.wrap(record.key()), 1, Integer::sum);
        }
        try {
            for (Map.Entry<ByteBuffer, byte[]> key : firstValues.entrySet()) {
                List<byte[]> found = table.findAll(key.getKey().array());
                assertTrue(!found.isEmpty(), "every rule's key is found");
                assertArrayEquals(key.getValue(), found.get(0), "the first rule for a key wins");
                assertEquals(counts.get(key.getKey()), found.size());
            }
        } finally {
            table.close();
        }
    }
}
