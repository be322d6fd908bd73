package org.tessera.access.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.common.tcprules.TcpRulesParser;
import org.tessera.common.tcprules.TcpRulesSyntaxException;

/** tcprules' text format (tcprules(1)), row by row. */
class TcpRulesParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            1.2.3.4:allow                  | 1.2.3.4->
            1.2.3.4:deny                   | 1.2.3.4->D\\0
            :allow                         | ->
            :deny                          | ->D\\0
            =host.example:allow            | =host.example->
            =.example:deny                 | =.example->D\\0
            =:allow                        | =->
            joe@1.2.3.4:allow              | joe@1.2.3.4->
            joe@=h.example:deny            | joe@=h.example->D\\0
            127.:allow,RELAYCLIENT=""      | 127.->+RELAYCLIENT=\\0
            x:allow,A="1",B="2"            | x->+A=1\\0+B=2\\0
            x:allow,X=/a"b/                | x->+X=a"b\\0
            x:allow,X=aba                  | x->+X=b\\0
            x:allow,A="1",A="2"            | x->+A=1\\0+A=2\\0
            x:deny,V="1"                   | x->D\\0+V=1\\0
            x:allow,=""                    | x->+=\\0
            x:allow,A=":,="                | x->+A=:,=\\0
            Host.Example:allow             | Host.Example->
            """)
    void compilesOneRule(String line, String expected) throws Exception {
        assertEquals(List.of(expected), Records.shown(line + "\n"));
    }

    @Test
    void skipsCommentsEmptyLinesAndLinesWithoutAColon() throws Exception {
        assertEquals(List.of("a->", "b->D\\0"), Records.shown("# comment:deny\n\na:allow\nno colon here\n   \n\t\nb:deny\n"));
    }

    @Test
    void ignoresTrailingSpacesAndTabsButNotLeadingOnes() throws Exception {
        assertEquals(List.of("a->+X=1 \\0"), Records.shown("a:allow,X=\"1 \" \t \n"));
        assertEquals(List.of(" a->"), Records.shown(" a:allow\n"), "the address is kept byte for byte");
        assertEquals(List.of(" #a->"), Records.shown(" #a:allow\n"), "only a # in the first column comments");
    }

    @Test
    void readsALastLineWithoutNewline() throws Exception {
        assertEquals(List.of("a->", "->D\\0"), Records.shown("a:allow\n:deny"));
    }

    @Test
    void keepsEveryDuplicateInFileOrderSoTheFirstIsFound() throws Exception {
        assertEquals(List.of("a->", "a->D\\0"), Records.shown("a:allow\na:deny\n"));
    }

    @Test
    void expandsTheLastPartOfARange() throws Exception {
        assertEquals(List.of("1.2.3.37->D\\0", "1.2.3.38->D\\0", "1.2.3.39->D\\0"), Records.shown("1.2.3.37-39:deny\n"));
    }

    @Test
    void expandsAMiddlePartOfARange() throws Exception {
        assertEquals(List.of("10.2.->", "10.3.->"), Records.shown("10.2-3.:allow\n"));
        assertEquals(List.of("1.5.9.->", "1.6.9.->"), Records.shown("1.5-6.9.:allow\n"));
    }

    @Test
    void capsARangeAt255() throws Exception {
        assertEquals(List.of("1.2.3.254->", "1.2.3.255->"), Records.shown("1.2.3.254-300:allow\n"));
        assertEquals(List.of(), Records.shown("1.2.3.256-300:allow\n"), "a bottom above the cap gives nothing");
    }

    @Test
    void readsRangeBoundsAsTcprulesDoes() throws Exception {
        assertEquals(List.of("1.2.0->", "1.2.1->"), Records.shown("1.2.-1:allow\n"), "an empty bound is 0");
        assertEquals(List.of("7->", "8->"), Records.shown("07-8:allow\n"), "leading zeros go");
        assertEquals(List.of(), Records.shown("1.2.3.9-5:allow\n"), "a reversed range is empty");
        assertEquals(List.of("1.2.3.4->+R=1\\0", "1.2.3.5->+R=1\\0"), Records.shown("1.2.3.4-5:allow,R=\"1\"\n"));
    }

    @Test
    void takesNoRangeInHostOrInfoAddresses() throws Exception {
        assertEquals(List.of("=a-b.example->"), Records.shown("=a-b.example:allow\n"));
        assertEquals(List.of("x-y@1.2.3.4->"), Records.shown("x-y@1.2.3.4:allow\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b:allow", "1.2.3.4:allowx", "1.2.3.4:Allow", "1.2.3.4:", "x:allow,A", "x:allow,A=",
            "x:allow,A=\"1", "x:allow,A=\"1\"x", "x:allow A=\"1\"", "x:deny;", "a-b:allow", "1-2-3:allow",
            "1.2.3.4-x:allow", "x:allow\r"})
    void refusesWhatTcprulesRefuses(String line) {
        TcpRulesSyntaxException e = assertThrows(TcpRulesSyntaxException.class, () -> Records.compile("ok:allow\n" + line + "\n"));
        assertEquals("unable to parse this line: " + line, e.getMessage());
    }

    @Test
    void boundsTheInput() {
        byte[] tooLong = new byte[TcpRulesParser.MAX_INPUT_BYTES + 1];
        assertThrows(IOException.class, () -> TcpRulesParser.parse(new ByteArrayInputStream(tooLong)));
    }

    @Test
    void boundsWhatRangesMultiply() {
        String value = "x".repeat(1024 * 1024);
        String text = "1.2.3.0-255:allow,V=\"" + value + "\"\n";
        IOException e = assertThrows(IOException.class, () -> Records.compile(text));
        assertEquals("the rules would make a cdb of more than " + TcpRulesParser.MAX_RECORD_BYTES + " bytes", e.getMessage());
    }

    @Test
    void boundsTheNumberOfKeys() {
        String text = "1.2.3.0-255:allow\n".repeat(TcpRulesParser.MAX_RECORDS / 256 + 1);
        IOException e = assertThrows(IOException.class, () -> Records.compile(text));
        assertEquals("the rules would make a cdb of more than " + TcpRulesParser.MAX_RECORDS + " keys", e.getMessage());
    }
}
