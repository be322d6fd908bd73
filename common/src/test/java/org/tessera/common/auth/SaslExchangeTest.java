package org.tessera.common.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.tessera.common.auth.SaslExchange.Challenge;
import org.tessera.common.auth.SaslExchange.Credentials;
import org.tessera.common.auth.SaslExchange.Refusal;
import org.tessera.common.auth.SaslExchange.Refused;

/** The PLAIN and LOGIN exchanges both SMTP AUTH and POP3 AUTH run. */
class SaslExchangeTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertCredentials(String mechanism, String login, String password, SaslExchange.Step step) {
        Credentials credentials = (Credentials) step;
        assertEquals(mechanism, credentials.mechanism());
        assertEquals(login, credentials.login());
        assertArrayEquals(password.getBytes(StandardCharsets.UTF_8), credentials.password());
    }

    @Test
    void mechanismsInAnyCaseAndNoOthers() {
        assertEquals("PLAIN", SaslExchange.start("plain").mechanism());
        assertEquals("LOGIN", SaslExchange.start("Login").mechanism());
        assertNull(SaslExchange.start("CRAM-MD5"));
        assertNull(SaslExchange.start(""));
    }

    @Test
    void plainWithAnInitialResponseOrAfterAnEmptyChallenge() {
        assertCredentials("PLAIN", "joe", "secret", SaslExchange.start("PLAIN").begin(b64("\0joe\0secret")));
        assertCredentials("PLAIN", "joe", "secret", SaslExchange.start("PLAIN").begin(b64("joe\0joe\0secret")));
        SaslExchange exchange = SaslExchange.start("PLAIN");
        assertEquals(new Challenge(""), exchange.begin(""));
        assertCredentials("PLAIN", "jöe", "sécret", exchange.respond(b64("\0jöe\0sécret")));
    }

    @Test
    void loginAsksForTheUserNameThenThePassword() {
        SaslExchange exchange = SaslExchange.start("LOGIN");
        assertEquals(new Challenge(b64("Username:")), exchange.begin(""));
        assertEquals(new Challenge(b64("Password:")), exchange.respond(b64("joe")));
        assertCredentials("LOGIN", "joe", "secret", exchange.respond(b64("secret")));

        SaslExchange initial = SaslExchange.start("LOGIN");
        assertEquals(new Challenge(b64("Password:")), initial.begin(b64("joe")));
        assertCredentials("LOGIN", "joe", "", initial.respond("="));
    }

    @Test
    void cancelBadBase64AndMalformedResponsesEndTheExchange() {
        assertEquals(new Refused(Refusal.CANCELLED), SaslExchange.start("PLAIN").begin("*"));
        SaslExchange login = SaslExchange.start("LOGIN");
        login.begin("");
        assertEquals(new Refused(Refusal.CANCELLED), login.respond("*"));
        assertEquals(new Refused(Refusal.NOT_BASE64), SaslExchange.start("PLAIN").begin("not base64!"));
        assertEquals(new Refused(Refusal.NOT_BASE64), SaslExchange.start("LOGIN").begin("%%%%"));
        assertEquals(new Refused(Refusal.MALFORMED), SaslExchange.start("PLAIN").begin(b64("joe secret")));
        assertEquals(new Refused(Refusal.MALFORMED), SaslExchange.start("PLAIN").begin(b64("\0joe\0se\0cret")));
        assertEquals(new Refused(Refusal.MALFORMED), SaslExchange.start("PLAIN").begin("="));
    }

    @Test
    void aUserActsOnlyAsItself() {
        assertEquals(new Refused(Refusal.OTHER_IDENTITY), SaslExchange.start("PLAIN").begin(b64("root\0joe\0secret")));
    }

    @Test
    void anAuthCommandOpensTheExchangeItNames() {
        assertEquals(new Refused(Refusal.SYNTAX), SaslExchange.open("").first());
        assertEquals(new Refused(Refusal.SYNTAX), SaslExchange.open("PLAIN a b").first());
        assertNull(SaslExchange.open("PLAIN a b").exchange());
        assertEquals(new Refused(Refusal.UNKNOWN_MECHANISM), SaslExchange.open("CRAM-MD5").first());
        SaslExchange.Opening login = SaslExchange.open("login");
        assertEquals("LOGIN", login.exchange().mechanism());
        assertEquals(new Challenge(b64("Username:")), login.first());
        assertCredentials("PLAIN", "joe", "secret", SaslExchange.open("PLAIN  " + b64("\0joe\0secret")).first());
    }
}
