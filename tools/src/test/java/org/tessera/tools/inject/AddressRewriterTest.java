package org.tessera.tools.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tessera.common.mail.RfcQuote;

class AddressRewriterTest {

    private static final Controls CONTROLS = new Controls("mail.example.com", "example.com", "plus.example.net", "id");

    private static String rewrite(Controls controls, String address) throws InjectFailure {
        List<Token> tokens = TokenParser.parse(address).orElseThrow();
        return TokenPrinter.unquote(AddressRewriter.of(controls).rewrite(tokens));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // 1. left alone
        "box@[]|box@[]",
        // 2. source route removed; a route without a colon leaves nothing
        "@a.example,@b.example:user@c.example|user@c.example",
        "@a.example|''",
        // 3. a trailing dot, then a trailing lone @, removed; alone they leave nothing
        "user@host.example.|user@host.example",
        "user@|user@mail.example.com",
        "user@.|user@mail.example.com",
        "@|''",
        ".|''",
        // 4. no @: defaulthost
        "user|user@mail.example.com",
        "first.last|first.last@mail.example.com",
        // 5. host ending in +: plusdomain
        "eric@mammoth.cs+|eric@mammoth.cs.plus.example.net",
        "eric@mammoth+|eric@mammoth.plus.example.net",
        // 6. dotless host that is not a literal: defaultdomain
        "user@host|user@host.example.com",
        "user@[10.0.0.1]|user@[10.0.0.1]",
        "user@a.b|user@a.b",
        // only the host decides: a dot in the box does not count
        "a.b@host|a.b@host.example.com",
        "a@b@c|a@b@c.example.com",
        "\"quoted user\"@host|quoted user@host.example.com",
        "user@host (comment)|user@host.example.com",
    })
    void appliesTheStepsInOrder(String address, String rewritten) throws InjectFailure {
        assertEquals(rewritten, rewrite(CONTROLS, address));
    }

    @Test
    void leavesTheNullAddressAlone() throws InjectFailure {
        assertTrue(AddressRewriter.of(CONTROLS).rewrite(List.of()).isEmpty());
    }

    @Test
    void completesADotlessDefaultHostWithTheDefaultDomain() throws InjectFailure {
        Controls dotless = new Controls("mailhost", "example.com", "plus.example.net", "id");
        assertEquals("user@mailhost.example.com", rewrite(dotless, "user"));
    }

    @Test
    void completesADefaultHostEndingInPlusWithThePlusDomain() throws InjectFailure {
        Controls plus = new Controls("mail.cs+", "example.com", "plus.example.net", "id");
        assertEquals("user@mail.cs.plus.example.net", rewrite(plus, "user"));
    }

    @Test
    void rewritesArgumentsAfterQuotingTheirBox() throws InjectFailure {
        AddressRewriter rewriter = AddressRewriter.of(CONTROLS);
        assertEquals("djb fred@mail.example.com",
                rewriter.envelopeAddress(RfcQuote.quoteAddress("djb fred")).orElseThrow());
        assertEquals("", rewriter.envelopeAddress(RfcQuote.quoteAddress("")).orElseThrow());
        assertTrue(rewriter.envelopeAddress(RfcQuote.quoteAddress("x@(")).isEmpty());
    }

    @Test
    void refusesControlsThatDoNotTokenise() {
        InjectFailure failure = assertThrows(InjectFailure.class,
                () -> AddressRewriter.of(new Controls("(", "example.com", "plus", "id")));
        assertEquals("qmail-inject: fatal: unable to parse this line:\n@(", failure.diagnostic());
        assertEquals(100, failure.exitCode());
    }
}
