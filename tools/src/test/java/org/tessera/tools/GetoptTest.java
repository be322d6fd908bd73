package org.tessera.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class GetoptTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private List<String> parse(String spec, String... args) {
        Getopt options = new Getopt(List.of(args), spec, "prog", new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (int c; (c = options.next()) != Getopt.DONE;) {
            seen.add((char) c + (options.argument() == null ? "" : "=" + options.argument()));
        }
        seen.add("| " + String.join(" ", options.operands()));
        return seen;
    }

    @Test
    void lettersGroupAndArgumentsAttachOrFollow() {
        assertEquals(List.of("t", "i", "f=a@b", "F=Joe", "| x y"), parse("tif:F:", "-ti", "-fa@b", "-F", "Joe", "x", "y"));
        assertEquals(List.of("t", "f=x", "| y"), parse("tf:", "-tfx", "y"));
    }

    @Test
    void optionsEndAtAWordWithoutDashAtALoneDashAndAfterDoubleDash() {
        assertEquals(List.of("t", "| x -i"), parse("ti", "-t", "x", "-i"));
        assertEquals(List.of("| - -t"), parse("t", "-", "-t"));
        assertEquals(List.of("t", "| -i"), parse("ti", "-t", "--", "-i"));
        assertEquals(List.of("| "), parse("t"));
    }

    @Test
    void badOptionsAreQuestionMarksWithDjbsMessages() {
        assertEquals(List.of("?", "t", "| x"), parse("tf:", "-zt", "x"));
        assertEquals(List.of("?", "| "), parse("tf:", "-f"));
        assertEquals("prog: illegal option -- z\nprog: option requires an argument -- f\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theRestOfAWordCanBeSkipped() {
        Getopt options = new Getopt(List.of("-Eabc", "-t", "r"), "tEJ", "prog", new PrintStream(err));
        assertEquals('E', options.next());
        options.skipRestOfWord();
        assertEquals('t', options.next());
        assertEquals(Getopt.DONE, options.next());
        assertEquals(List.of("r"), options.operands());
    }
}
