package org.tessera.common.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * An AUTH command and the lines after it, as a client sends them: every line gets a step, an exchange
 * ends within the mechanism's number of steps, and PLAIN credentials never carry a NUL in the login.
 */
class SaslExchangeFuzzTest {

    // PLAIN takes one response, LOGIN two; a client may add a cancel or a garbage line to either.
    private static final int MOST_STEPS = 3;

    @FuzzTest
    void authCommandAndResponses(FuzzedDataProvider data) {
        SaslExchange.Opening opening = SaslExchange.open(data.consumeString(SaslExchange.MAX_LINE));
        assertNotNull(opening.first());
        SaslExchange exchange = opening.exchange();
        SaslExchange.Step step = opening.first();
        int steps = 0;
        while (exchange != null && step instanceof SaslExchange.Challenge && data.remainingBytes() > 0) {
            assertTrue(++steps <= MOST_STEPS, "an exchange ends after at most " + MOST_STEPS + " lines");
            step = exchange.respond(data.consumeString(SaslExchange.MAX_LINE));
            assertNotNull(step);
        }
        if (step instanceof SaslExchange.Credentials credentials) {
            assertNotNull(credentials.password());
            if (credentials.mechanism().equals("PLAIN")) {
                assertFalse(credentials.login().contains("\0"), "a PLAIN login ends at its NUL");
            }
        }
        if (exchange == null) {
            assertTrue(step instanceof SaslExchange.Refused, "no exchange opened: the command was refused");
        }
    }
}
