package org.tessera.pop3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CommandTest {

    private static Command parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
        return Command.parse(bytes, bytes.length);
    }

    @Test
    void theVerbEndsAtTheFirstSpaceAndLeadingSpacesOfTheArgumentGo() {
        assertEquals(new Command("user", "joe  "), parse("USER   joe  \r"));
        assertEquals(new Command("pass", "two words"), parse("pass two words"));
        assertEquals(new Command("stat", ""), parse("StAt"));
        assertEquals(new Command("", ""), parse(""));
    }

    @Test
    void aTabIsNoSeparatorAndOnlyOneCrGoes() {
        assertEquals(new Command("user\tjoe", ""), parse("user\tjoe"));
        assertEquals(new Command("noop", "\r"), parse("noop \r\r"));
    }

    @Test
    void theLineEndsAtItsFirstNul() {
        assertEquals(new Command("user", "jo"), parse("USER jo\0hidden"));
        assertEquals(new Command("st", ""), parse("st\0at"));
    }
}
