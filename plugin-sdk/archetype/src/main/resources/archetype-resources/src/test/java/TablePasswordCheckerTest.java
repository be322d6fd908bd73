package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;
import org.tessera.api.auth.AuthResult;

class TablePasswordCheckerTest {

    static String entry(String login, String password, long uid, long gid, String home) {
        byte[] salt = (login + "-salt").getBytes(StandardCharsets.UTF_8);
        return login + ":pbkdf2-sha256:1000:" + Base64.getEncoder().encodeToString(salt) + ":"
                + TablePasswordChecker.hash(password.getBytes(StandardCharsets.UTF_8), salt, 1000)
                + ":" + uid + ":" + gid + ":" + home;
    }

    private static TablePasswordChecker checker(String... accounts) {
        TablePasswordChecker checker = new TablePasswordChecker();
        checker.activate(Converters.standardConverter().convert(Map.of("accounts", accounts))
                .to(TablePasswordCheckerConfiguration.class));
        return checker;
    }

    @Test
    void acceptsTheRightPasswordOnly() {
        TablePasswordChecker checker = checker(entry("ann", "correct horse", 1001, 1002, "/home/ann"));

        assertEquals(new AuthResult(AuthResult.Outcome.ACCEPTED, "ann", 1001, 1002, "/home/ann"),
                checker.check("ann", "correct horse".getBytes(StandardCharsets.UTF_8), ""));
        assertEquals(AuthResult.REJECTED, checker.check("ann", "correct horsf".getBytes(StandardCharsets.UTF_8), ""));
        assertEquals(AuthResult.REJECTED, checker.check("bob", "correct horse".getBytes(StandardCharsets.UTF_8), ""));
    }
}
