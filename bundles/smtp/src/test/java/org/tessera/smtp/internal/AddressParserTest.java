package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** qmail-smtpd's addrparse(), row by row, the relay tricks (percent hack, bang path, quoted @) included. */
class AddressParserTest {

    private static String parse(String argument) {
        return AddressParser.parse(argument, Optional.of("example.com"), "127.0.0.1"::equals).orElse("<555>");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "FROM:<a@b.test>|a@b.test",
        "FROM:<>|''",
        "FROM:|''",
        "FROM: a@b.test|a@b.test",
        "FROM:a@b.test SIZE=100|a@b.test",
        "FROM:<a@b.test> SIZE=100 BODY=8BITMIME|a@b.test",
        "anything<a@b.test>|a@b.test",
        "TO:<@relay.test,@other.test:u@c.test>|u@c.test",
        "TO:<\"u@evil.test\"@example.com>|u@evil.test@example.com",
        "TO:<\"quoted > inside\"@x.test>|quoted > inside@x.test",
        "TO:<a\\>b@x.test>|a>b@x.test",
        "TO:<u%evil.test@example.com>|u%evil.test@example.com",
        "TO:<evil.test!u@example.com>|evil.test!u@example.com",
        "TO:<u@evil.test@example.com>|u@evil.test@example.com",
        "TO:<postmaster>|postmaster",
        "TO:<u@[127.0.0.1]>|u@example.com",
        "TO:<u@[10.9.9.9]>|u@[10.9.9.9]",
        "TO:<u@[127.0.0.1]x>|u@[127.0.0.1]x",
        "TO:<u@EXAMPLE.COM>|u@EXAMPLE.COM",
        "TO:<u@example.com.>|u@example.com.",
        "TO:<unterminated@x.test|unterminated@x.test",
        "TO:<>|''",
    })
    void parsesAsQmail(String argument, String expected) {
        assertEquals(expected, parse(argument));
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"899, ok", "900, 555"})
    void addressesOver899BytesAreRefused(int length, String outcome) {
        String address = "x".repeat(length - "@b.test".length()) + "@b.test";
        assertEquals(outcome.equals("ok") ? address : "<555>", parse("FROM:<" + address + ">"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1.2.3.4, true", "255.0.0.1, true", "256.1.1.1, false", "1.2.3, false", "1.2.3.4.5, false",
        "a.b.c.d, false", "1..2.3, false"})
    void dottedQuads(String text, boolean expected) {
        assertEquals(expected, AddressParser.isDottedQuad(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TO:<u@[127.0.0.1]>"})
    void literalStaysWithoutLocalIpHost(String argument) {
        assertEquals("u@[127.0.0.1]", AddressParser.parse(argument, Optional.empty(), ip -> true).orElseThrow());
    }
}
