package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.tessera.api.mail.MailAddress;

/**
 * The argument of MAIL and RCPT as a client may send it: what the parser keeps is at most
 * {@value AddressParser#MAX_ADDRESS} bytes and becomes a {@link MailAddress} whose text is the
 * parsed text again, with and without {@code control/localiphost}.
 */
class AddressParserFuzzTest {

    @FuzzTest
    void mailOrRcptArgument(FuzzedDataProvider data) {
        boolean literalsReplaced = data.consumeBoolean();
        boolean literalIsOurs = data.consumeBoolean();
        String argument = asTheSessionCutsIt(data.consumeRemainingAsBytes());
        Optional<String> parsed = AddressParser.parse(argument,
                literalsReplaced ? Optional.of("[127.0.0.1]") : Optional.empty(), ip -> literalIsOurs);
        if (parsed.isEmpty()) {
            return;
        }
        String address = parsed.get();
        assertTrue(address.getBytes(StandardCharsets.UTF_8).length <= AddressParser.MAX_ADDRESS);
        assertEquals(address, MailAddress.parse(address).text(), "the parsed address round-trips");
    }

    // As SmtpCommand gives the dialogue a line: decoded as UTF-8, ended at its first NUL.
    private static String asTheSessionCutsIt(byte[] line) {
        int end = 0;
        while (end < line.length && line[end] != 0) {
            end++;
        }
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }
}
