package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.Verdict;
import org.tessera.testkit.TestTransaction;

class ForgeryCheckTest {

    private final ForgeryCheck check = new ForgeryCheck();

    ForgeryCheckTest() {
        check.activate(Converters.standardConverter().convert(Map.of("ownNames", new String[] {"mx.example.com"},
                "protectedDomains", new String[] {"example.com"})).to(ForgeryCheckConfiguration.class));
    }

    @Test
    void refusesAHeloWithThisServersName() {
        assertEquals(550, check.check(TestTransaction.from("192.0.2.1").build(), "MX.example.com").code());
        assertEquals(Verdict.NO_OPINION, check.check(TestTransaction.from("192.0.2.1").build(), "client.example.org"));
    }

    @Test
    void refusesAProtectedSenderUnlessAuthenticated() {
        MailAddress ann = MailAddress.parse("ann@Example.com");

        assertEquals(553, check.check(TestTransaction.from("192.0.2.1").build(), ann).code());
        assertEquals(Verdict.NO_OPINION, check.check(TestTransaction.from("192.0.2.1").authenticated("ann", "PLAIN").build(), ann));
        assertEquals(Verdict.NO_OPINION, check.check(TestTransaction.from("192.0.2.1").build(), MailAddress.parse("bob@example.org")));
    }
}
