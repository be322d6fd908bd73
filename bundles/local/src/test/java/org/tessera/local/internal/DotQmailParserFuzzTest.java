package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A {@code .qmail} file as a user may write it, read as DotQmailSearch reads it (UTF-8): refused with a
 * {@link LocalFailure}, or instructions of one line each, of the type their first character says.
 */
class DotQmailParserFuzzTest {

    @FuzzTest
    void dotQmailFile(byte[] content) {
        List<Instruction> instructions;
        try {
            instructions = DotQmailParser.parse(new String(content, StandardCharsets.UTF_8));
        } catch (LocalFailure refused) {
            return;
        }
        for (Instruction instruction : instructions) {
            assertFalse(instruction.argument().contains("\n"), "an instruction is one line: " + instruction);
            switch (instruction.type()) {
                case FILE -> assertTrue(instruction.argument().startsWith(".") || instruction.argument().startsWith("/"));
                case PLUGIN -> assertFalse(DotQmailParser.BUILT_IN_KINDS.contains(instruction.kind()), instruction.kind());
                default -> {
                }
            }
            assertFalse(instruction.argument().endsWith(" ") || instruction.argument().endsWith("\t"),
                    "trailing blanks are removed: " + instruction);
        }
    }
}
