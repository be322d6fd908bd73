package org.tessera.tools.inject;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

class HeaderReaderTest {

    private static final int LIMIT = 1000;

    /** The fields, then {@code |}, then the body exactly as it would be written. */
    private static String split(String message, int limit, int bufferSize) throws InjectFailure, IOException {
        MessageInput input = new MessageInput(new ByteArrayInputStream(message.getBytes(ISO_8859_1)), bufferSize);
        HeaderReader.Header header = HeaderReader.read(input, limit);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        input.copyRest(body, header.bodyMidLine());
        return String.join("", header.fields()) + "|" + header.bodyStart() + body.toString(ISO_8859_1);
    }

    private static String split(String message) throws InjectFailure, IOException {
        return split(message, LIMIT, 7);
    }

    @Test
    void endsTheHeaderAtTheEmptyLine() throws Exception {
        assertEquals("To: a\nSubject: b\n|\nbody\n\nmore\n", split("To: a\nSubject: b\n\nbody\n\nmore\n"));
    }

    @Test
    void joinsContinuationLinesToTheirField() throws Exception {
        MessageInput input = new MessageInput(new ByteArrayInputStream(
                "To: a,\n b,\n\tc\nX: y\n\n".getBytes(ISO_8859_1)), 5);
        assertEquals(List.of("To: a,\n b,\n\tc\n", "X: y\n"), HeaderReader.read(input, LIMIT).fields());
    }

    @Test
    void keepsMboxFromLinesAsFields() throws Exception {
        assertEquals("MBOX-Line: From joe Tue Mar  5\n cont\nTo: a\n|\nb\n", split("From joe Tue Mar  5\n cont\nTo: a\n\nb\n"));
    }

    @Test
    void endsTheHeaderAtALineThatIsNoFieldAndInsertsAnEmptyLine() throws Exception {
        assertEquals("To: a\n|\nnot a field\nSubject: x\n", split("To: a\nnot a field\nSubject: x\n"));
        assertEquals("|\n starts with a space: x\n", split(" starts with a space: x\n"));
        assertEquals("|\nX Y: spaced name\n", split("X Y: spaced name\n"));
        assertEquals("|\n\u00e4: eight-bit name\n", split("\u00e4: eight-bit name\n"));
        assertEquals("|\n\r\nbody\n", split("\r\nbody\n"));
    }

    @Test
    void endsAPartialLastLineWithANewline() throws Exception {
        assertEquals("To: a\n|\nno newline\n", split("To: a\n\nno newline"));
        assertEquals("Subject: x\n|", split("Subject: x"));
        assertEquals("|", split(""));
    }

    @Test
    void refusesAHeaderOverTheLimit() {
        InjectFailure failure = assertThrows(InjectFailure.class,
                () -> split("To: a\nX-Long: " + "x".repeat(200) + "\n\nbody\n", 100, 16));
        assertEquals("qmail-inject: fatal: out of memory\n", failure.diagnostic());
        assertEquals(111, failure.exitCode());
        assertThrows(InjectFailure.class, () -> split("To: a\n " + "x".repeat(200) + "\n\nbody\n", 100, 16));
        assertThrows(InjectFailure.class, () -> split("X-Name-" + "x".repeat(200) + ": y\n\nbody\n", 100, 16));
    }

    @Test
    void acceptsAHeaderThatFillsTheLimitExactly() throws Exception {
        assertEquals("To: a\nSubject: b\n|", split("To: a\nSubject: b", 17, 4));
        assertEquals("To: a\nSubject: b\n|\n", split("To: a\nSubject: b\n\n", 19, 4));
    }

    @Test
    void streamsAnOverlongFirstBodyLineThatCannotBeAField() throws Exception {
        String longLine = "no colon here " + "x".repeat(300);
        assertEquals("To: a\n|\n" + longLine + "\nnext\n", split("To: a\n" + longLine + "\nnext\n", 100, 16));
        assertEquals("|\n" + longLine + "\n", split(longLine, 100, 16));
    }
}
