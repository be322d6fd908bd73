package org.tessera.common.passwd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.common.passwd.StoredPassword.Scheme;

/**
 * Every scheme against hashes made by real tools: mkpasswd (Debian whois 5.5.17), doveadm pw (Dovecot
 * 2.3.19.1) and slappasswd (OpenLDAP 2.5.13), all of the password {@value #PASSWORD}, and the PHC reference strings of libargon2.
 */
class StoredPasswordTest {

    static final String PASSWORD = "correct horse";

    private static final String[] WRONG = {"correct horsf", "Correct horse", "correct horse ", "correct hors", ""};

    static Stream<Arguments> vectors() {
        return Stream.of(
                // mkpasswd -m sha-512; -R 10000; -R 1000 (glibc's minimum)
                vector("$6$bpFipRU312UGFgWW$UkcJdDUey4DYQZyNanEgahxGV4mlHtwdv9fPn9F1cQ9p1qevp9wOCBnosBxR/M3I8hILk3NZEB6URkTxma67K0", Scheme.SHA512_CRYPT),
                vector("$6$rounds=10000$RJKb2wOkEQgMfG.y$WhSLZFRROKEQ6BAblonWlcVYCDF/z1DmDBJAYDHsZxe.FGHEVoTtpZy38E08nDFzEMNGBc0wP1UbE/q1VwMlS0", Scheme.SHA512_CRYPT),
                vector("$6$rounds=1000$pvTLmoVoVRCJ8dSk$6IhP05b0M2HPgttqbJ0bp4gOeaNRUfQxinoyIty20NdCImLUafHSD6XsEGK/OVsPw/XFQ9xHmLEEMY1.15cmr0", Scheme.SHA512_CRYPT),
                // doveadm pw -s SHA512-CRYPT; -r 20000
                vector("{SHA512-CRYPT}$6$2r2umjtqLcjXtmOQ$MTnBK02.Dhcv301e8QQp6UsH.un3H4KCCoq6L3Uc0H5crDHfXRgJNVxeHfMUAq.Tp7I9bpBF2jlTD8A5ecXNR1", Scheme.SHA512_CRYPT),
                vector("{SHA512-CRYPT}$6$rounds=20000$Y1HVEvkZVgnIuVS8$1NT2rfTXkdbItFfEZRlYH0Ousqyh960G1GNnRA//h/gL8j3aPrvdpxk7N7xtMgFTBCqdqxIK17TGec3dt2XUD1", Scheme.SHA512_CRYPT),
                // mkpasswd -m sha-256; -R 8000; doveadm pw -s SHA256-CRYPT
                vector("$5$1fyq5cArYMP041Y0$oN4/EkNUFPGajz6cML1UmUEJpp4anUdwLEe6Z1BpqA8", Scheme.SHA256_CRYPT),
                vector("$5$rounds=8000$WujZRno9JVJ5wg6A$Gu1zbgTdGUikY6YtSMDbn8mqoR9jPdgTWDR9zjk/f47", Scheme.SHA256_CRYPT),
                vector("{SHA256-CRYPT}$5$J4BzSRfurCt..E1c$ZbQR79ZzOQUe4DvK783uHzY9nI9flmYzIWn6qitUUw4", Scheme.SHA256_CRYPT),
                // mkpasswd -m md5crypt; doveadm pw -s MD5-CRYPT
                vector("$1$A6FENsyT$VzevEryzJWx.doAK5BenS.", Scheme.MD5_CRYPT),
                vector("{MD5-CRYPT}$1$3DSu.ZUr$V9QvomxBtLFwcHbS/EwI5.", Scheme.MD5_CRYPT),
                // mkpasswd -m bcrypt; -R 6; -m bcrypt-a; doveadm pw -s BLF-CRYPT; -r 7; doveadm pw -s CRYPT
                vector("$2b$05$FNA3mvL/JQ.I70yTrbwWMe4UY0GuX.iqfcO9gCse1RNvGGHGGXb8u", Scheme.BLF_CRYPT),
                vector("$2b$06$aKyHIF9710Aw4K8mU01dh.opx99ZHtoqltSM4nODn/XgfRCmNTTDm", Scheme.BLF_CRYPT),
                vector("$2a$05$E4.ipq11rTpkzjvhb9ta3OIKe0fVUNWL9sadoelWyyPu.QZOU6hA6", Scheme.BLF_CRYPT),
                vector("{BLF-CRYPT}$2y$05$wQRHt96fluAdPWso6vTG1Oi0uS0wMokowfDKGo1/Iiu5u.cxCxEJC", Scheme.BLF_CRYPT),
                vector("{BLF-CRYPT}$2y$07$jNEQYrqZFKc2eoXlYycEfe49laEn2rlRLq1rtiOtw.ka6O9KeTGFK", Scheme.BLF_CRYPT),
                vector("{CRYPT}$2y$05$/L79Jm9JRXtY33E3lEzTw.VKCPaxtu0IO0Zap13y1gM02mslI.okm", Scheme.BLF_CRYPT),
                // doveadm pw -s ARGON2ID: Dovecot's own parameters, 64 MiB and 3 passes
                vector("{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$jMeo23gbbXDp387pEz0gaQ$oeEsOshro43Bb/JZ5P8nHjQHDjWgUekcnJ3QG84ha9g", Scheme.ARGON2ID),
                // the same without the scheme, found by its crypt-style prefix
                vector("$argon2id$v=19$m=65536,t=3,p=1$jMeo23gbbXDp387pEz0gaQ$oeEsOshro43Bb/JZ5P8nHjQHDjWgUekcnJ3QG84ha9g", Scheme.ARGON2ID),
                // slappasswd -h {SSHA}, {SHA}; with its pw-sha2 module {SSHA256}, {SHA256}, {SSHA512}, {SHA512}
                vector("{SSHA}GYjA6LJGZ36nHnS3TIMFtnrg0SeLLRkU", Scheme.SSHA),
                vector("{SHA}L55TUjtiq8FBorTWAZ0jy6g129A=", Scheme.SHA),
                vector("{SSHA256}lcO/jnsQiDT5HKa/PIRH9PWMtExosdB2YKnf9inp4FI2BDZI07N3Tg==", Scheme.SSHA256),
                vector("{SHA256}QQTTb42iwlQ0n4WDZ5Pr4CngyVcGOjTJHC6SAxh7VjE=", Scheme.SHA256),
                vector("{SSHA512}cTHPm7XWHtIy1dD3zy32CvtxOpStxtUUft8As6GBd44jghIR6t98u/VBMhMCdc6mYtjipD2CRa7xg07xElSuF+ngNWkBayJV", Scheme.SSHA512),
                vector("{SHA512}VraY3v7bWkNbY0r+MyC7rz/c2SC2xQOkRvx7endrKY1HnRumqLYXgI6wv1ec6aldZoNHvKtxSQhayTyyeZUZew==", Scheme.SHA512),
                // doveadm pw -s SSHA256 (a salt of 4 bytes, as slappasswd's)
                vector("{SSHA256}PgfqHwYVxTubQR2/+frXKJJ6gxditL4LMfhQ9nYsIckdzjlp", Scheme.SSHA256),
                vector("{PLAIN}" + PASSWORD, Scheme.PLAIN),
                // Dovecot matches scheme names ignoring case
                vector("{plain}" + PASSWORD, Scheme.PLAIN),
                vector("{sha512-crypt}$6$2r2umjtqLcjXtmOQ$MTnBK02.Dhcv301e8QQp6UsH.un3H4KCCoq6L3Uc0H5crDHfXRgJNVxeHfMUAq.Tp7I9bpBF2jlTD8A5ecXNR1", Scheme.SHA512_CRYPT));
    }

    private static Arguments vector(String field, Scheme scheme) {
        return Arguments.of(field, scheme);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void acceptsThePasswordAndRejectsOthers(String field, Scheme scheme) {
        StoredPassword stored = StoredPassword.parse(field);

        assertEquals(scheme, stored.scheme());
        assertNull(stored.problem());
        assertTrue(stored.matches(bytes(PASSWORD), ""), field);
        for (String wrong : WRONG) {
            assertFalse(stored.matches(bytes(wrong), ""), wrong);
        }
    }

    @Test
    void leavesThePasswordBytesAsTheyWere() {
        // commons-codec zeroes the key it is given; the caller's array must survive, wrong or right.
        vectors().forEach(arguments -> {
            byte[] password = bytes(PASSWORD);
            StoredPassword.parse((String) arguments.get()[0]).matches(password, "<1.2@host>");
            assertArrayEquals(bytes(PASSWORD), password);
        });
    }

    @Test
    void readsPasswordsAsUtf8() {
        // printf 'p\xc3\xa4ssw\xc3\xb6rd' | mkpasswd -m sha-512 -s
        StoredPassword stored = StoredPassword.parse(
                "$6$1I/JkEcXPq7gx/Qh$O1Yf.P.FakJUvlclUhtZt0fRtdKt5vHiGWBek1s2PATY/4tbnz9YdNhqPIJ33jKW2.YR6Wo1OZO2G7J4Zx/th.");

        assertTrue(stored.matches(bytes("p\u00e4ssw\u00f6rd"), ""));
        assertFalse(stored.matches("p\u00e4ssw\u00f6rd".getBytes(StandardCharsets.ISO_8859_1), ""));
    }

    @Test
    void checksTheArgon2ReferenceStrings() {
        // phc-winner-argon2 src/test.c (f57e61e): password "password", salt "somesalt"
        StoredPassword reference = StoredPassword.parse(
                "{ARGON2ID}$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc");
        StoredPassword twoLanes = StoredPassword.parse(
                "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc");

        assertTrue(reference.matches(bytes("password"), ""));
        assertFalse(reference.matches(bytes("differentpassword"), ""));
        assertTrue(twoLanes.matches(bytes("password"), ""));
        assertFalse(twoLanes.matches(bytes("passwore"), ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // doveadm pw -s ARGON2I: a Dovecot scheme this checker does not verify
        "{ARGON2I}$argon2i$v=19$m=32768,t=4,p=1$+YqrSiClslMlN5eE5mGlYw$OiijFEI9cEohgQiN2gY87S3+pogF22p/BSPNseDqLKY",
        // mkpasswd -m descrypt: traditional DES crypt, with and without {CRYPT}
        "{CRYPT}B5PyvX2ab5tLA",
        "B5PyvX2ab5tLA",
        // a plain password is only taken with {PLAIN}
        PASSWORD,
        "{}" + PASSWORD})
    void neverMatchesAnUnsupportedScheme(String field) {
        StoredPassword stored = StoredPassword.parse(field);

        assertNull(stored.scheme());
        assertTrue(stored.problem().startsWith("unsupported scheme "), stored.problem());
        assertFalse(stored.matches(bytes(PASSWORD), ""));
    }

    @Test
    void namesTheUnsupportedScheme() {
        assertEquals("unsupported scheme ARGON2I", StoredPassword.parse("{argon2i}$argon2i$x").problem());
        assertEquals("unsupported scheme CRYPT", StoredPassword.parse("B5PyvX2ab5tLA").problem());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{SHA512-CRYPT}$6$short",
        "{SHA512-CRYPT}$5$1fyq5cArYMP041Y0$oN4/EkNUFPGajz6cML1UmUEJpp4anUdwLEe6Z1BpqA8",
        "$1$A6FENsyT$VzevEryzJWx.doAK5BenS",
        "$2b$05$FNA3mvL/JQ.I70yTrbwWMe4UY0GuX.iqfcO9gCse1RNvGGHGGXb8",
        // more memory than a file may ask for, no lanes, an unknown version, a salt of 4 bytes
        "{ARGON2ID}$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "{ARGON2ID}$argon2id$v=19$m=65536,t=2,p=0$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "{ARGON2ID}$argon2id$v=18$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "{ARGON2ID}$argon2id$v=19$m=65536,t=2,p=1$c29t$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        "{ARGON2ID}$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
        // a SHA-1 digest cut short, a salted one without its salt, one that is not base64
        "{SHA}L55TUjtiq8FBorTWAZ0jy6g129",
        "{SSHA}L55TUjtiq8FBorTWAZ0jy6g129A=",
        "{SSHA}GYjA6LJGZ36nHnS3TIMFtnrg0SeLLRkU$"})
    void neverMatchesAMalformedHash(String field) {
        StoredPassword stored = StoredPassword.parse(field);

        assertNull(stored.scheme());
        assertTrue(stored.problem().startsWith("malformed "), stored.problem());
        assertFalse(stored.problem().contains("CTFh"), "a problem never shows the hash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{PLAIN}", "{SHA512-CRYPT}"})
    void neverMatchesAnEmptyPassword(String field) {
        StoredPassword stored = StoredPassword.parse(field);

        assertEquals("empty password", stored.problem());
        assertFalse(stored.matches(new byte[0], ""));
        assertFalse(stored.matches(new byte[0], "<1896.697170952@dbc.mtview.ca.us>"));
    }

    @Test
    void acceptsTheApopDigestOfAPlainPassword() {
        // RFC 1939, section 7
        StoredPassword stored = StoredPassword.parse("{PLAIN}tanstaaf");
        String timestamp = "<1896.697170952@dbc.mtview.ca.us>";

        assertTrue(stored.matches(bytes("c4c9334bac560ecc979e58001b3e22fb"), timestamp));
        assertTrue(stored.matches(bytes("tanstaaf"), timestamp), "USER/PASS carries the timestamp too");
        assertFalse(stored.matches(bytes("C4C9334BAC560ECC979E58001B3E22FB"), timestamp));
        assertFalse(stored.matches(bytes("c4c9334bac560ecc979e58001b3e22fb"), "<1897.697170952@dbc.mtview.ca.us>"));
        assertFalse(stored.matches(bytes("c4c9334bac560ecc979e58001b3e22fb"), ""));
    }

    @Test
    void acceptsNoApopDigestForAHashedPassword() {
        // MD5("<1.2@host>correct horse"): right, but a hash on file gives no plain password to digest
        StoredPassword stored = StoredPassword.parse("$1$A6FENsyT$VzevEryzJWx.doAK5BenS.");
        String digest = java.util.HexFormat.of().formatHex(md5("<1.2@host>" + PASSWORD));

        assertFalse(stored.matches(bytes(digest), "<1.2@host>"));
        assertTrue(StoredPassword.parse("{PLAIN}" + PASSWORD).matches(bytes(digest), "<1.2@host>"));
    }

    private static byte[] md5(String text) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(bytes(text));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
