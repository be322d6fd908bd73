package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class ControlParsersTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void lineReaderTakesOnlyTheFirstLine() {
        assertEquals("first", ControlParsers.line(bytes("first\nsecond\n")));
    }

    @Test
    void lineReaderStripsTrailingBlanksTabsAndNewlinesButKeepsLeadingOnes() {
        assertEquals("  host.example", ControlParsers.line(bytes("  host.example \t \n")));
    }

    @Test
    void lineReaderKeepsCarriageReturn() {
        assertEquals("host\r", ControlParsers.line(bytes("host\r\n")));
        assertEquals("host \t\r", ControlParsers.line(bytes("host \t\r \n")));
    }

    @Test
    void lineReaderGivesEmptyStringForEmptyFileOrEmptyFirstLine() {
        assertEquals("", ControlParsers.line(bytes("")));
        assertEquals("", ControlParsers.line(bytes("\nsecond\n")));
    }

    @Test
    void lineReaderHasNoComments() {
        assertEquals("# not a comment", ControlParsers.line(bytes("# not a comment\n")));
    }

    @Test
    void lineReaderNeedsNoFinalNewline() {
        assertEquals("last", ControlParsers.line(bytes("last")));
    }

    @Test
    void lineReaderMapsBytesOneToOne() {
        byte[] raw = {(byte) 0xc3, (byte) 0xa9, 'x', '\n'};
        assertEquals("\u00c3\u00a9x", ControlParsers.line(raw));
    }

    @Test
    void intReaderParsesTheDecimalPrefix() {
        assertEquals(OptionalLong.of(12), ControlParsers.number(bytes("12abc\n")));
        assertEquals(OptionalLong.of(0), ControlParsers.number(bytes("0\n")));
        assertEquals(OptionalLong.of(7), ControlParsers.number(bytes("007 \n99\n")));
    }

    @Test
    void intReaderIgnoresValuesThatDoNotStartWithADigit() {
        assertEquals(OptionalLong.empty(), ControlParsers.number(bytes("")));
        assertEquals(OptionalLong.empty(), ControlParsers.number(bytes("-5\n")));
        assertEquals(OptionalLong.empty(), ControlParsers.number(bytes(" 5\n")));
        assertEquals(OptionalLong.empty(), ControlParsers.number(bytes("+5\n")));
        assertEquals(OptionalLong.empty(), ControlParsers.number(bytes("\n5\n")));
    }

    @Test
    void intReaderSaturatesHugeValues() {
        assertEquals(OptionalLong.of(Long.MAX_VALUE), ControlParsers.number(bytes("99999999999999999999999\n")));
    }

    @Test
    void listReaderSkipsEmptyLinesAndColumnOneComments() {
        assertEquals(List.of("a", " #x", "b"), ControlParsers.list(bytes("a\n\n#comment\n #x\n   \n\t\nb\n")));
    }

    @Test
    void listReaderStripsTrailingBlanksAndKeepsCarriageReturnAndLeadingBlanks() {
        assertEquals(List.of("a", " b", "c\r"), ControlParsers.list(bytes("a \t\n b\nc\r\n")));
    }

    @Test
    void listReaderTakesALastLineWithoutNewline() {
        assertEquals(List.of("a", "b"), ControlParsers.list(bytes("a\nb")));
    }

    @Test
    void listReaderOfEmptyFileIsEmpty() {
        assertEquals(List.of(), ControlParsers.list(bytes("")));
        assertEquals(List.of(), ControlParsers.list(bytes("#only a comment\n\n")));
    }

    @Test
    void lowerFoldsOnlyAscii() {
        assertEquals("example.com", ControlParsers.lower("ExAmPle.COM"));
        assertEquals("\u00c9x", ControlParsers.lower("\u00c9X"));
    }
}
