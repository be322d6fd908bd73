package org.tessera.relaypolicy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.Authentication;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.TlsParameters;
import org.tessera.api.policy.Verdict;
import org.tessera.common.hooks.TransactionSnapshot;

class RcptHostsPolicyTest {

    private static final ClientInfo SMTP_CLIENT = new ClientInfo("smtp", "192.0.2.7", 40000, "192.0.2.1", 25, "", "", "");
    private static final ClientInfo QMTP_CLIENT = new ClientInfo("qmtp", "192.0.2.7", 40000, "192.0.2.1", 209, "", "", "");
    private static final MailAddress SENDER = new MailAddress("sender", "elsewhere.test");

    @TempDir
    Path homeDirectory;

    private ControlHome home;
    private final List<String> warnings = new ArrayList<>();
    private final RcptHostsPolicy policy = new RcptHostsPolicy();

    // The relay tricks below assume example.com in rcpthosts and locals, evil.test remote.
    @BeforeEach
    void setUp() {
        home = new ControlHome(homeDirectory).write("rcpthosts", "example.com").write("locals", "example.com");
        policy.control = home.files;
        policy.warning = warnings::add;
    }

    private Verdict check(ClientInfo client, Map<String, String> environment, String recipient) {
        Verdict verdict = policy.check(TransactionSnapshot.plain(client, environment, SENDER, List.of()),
                MailAddress.parse(recipient));
        // The chain's last word: it must never pass the decision on.
        assertTrue(verdict.equals(Verdict.ACCEPT) || verdict.equals(RcptHostsPolicy.NOT_IN_RCPTHOSTS),
                () -> recipient + ": " + verdict);
        return verdict;
    }

    private boolean accepts(String recipient) {
        return check(SMTP_CLIENT, Map.of(), recipient).equals(Verdict.ACCEPT);
    }

    // Each relay trick, as the policy sees it after the listener parsed the RCPT argument; the verdicts
    // are qmail-smtpd's.
    @ParameterizedTest(name = "{0}: {1} accepted={2}")
    @CsvSource(delimiter = '|', textBlock = """
            plain remote domain                       | u@evil.test             | false
            source route <@example.com:u@evil.test>   | u@evil.test             | false
            percent hack                              | u%evil.test@example.com | true
            bang path                                 | evil.test!u@example.com | true
            quoted "u@evil.test"@example.com          | u@evil.test@example.com | true
            two @, the last decides                   | u@evil.test@example.com | true
            two @, remote after the last              | u@example.com@evil.test | false
            no @                                      | u%evil.test             | true
            an @ and no domain                        | u@                      | false
            own [ip] after localiphost                | u@example.com           | true
            foreign [ip] left as it is                | u@[192.0.2.99]          | false
            upper case                                | u@EXAMPLE.COM           | true
            trailing dot                              | u@example.com.          | false
            """)
    void relayTricksAsQmailSmtpd(String row, String recipient, boolean accepted) {
        assertEquals(accepted, accepts(recipient));
    }

    @Test
    void refusalIsQmailsText() {
        Verdict verdict = check(SMTP_CLIENT, Map.of(), "u@evil.test");
        assertEquals(Verdict.Outcome.REJECT, verdict.outcome());
        assertEquals(553, verdict.code());
        assertEquals("sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", verdict.text());
    }

    // QMTP answers D + the same text (qmail-qmtpd(8)), so the verdict does not depend on the listener.
    @Test
    void qmtpGetsTheSameVerdict() {
        assertEquals(RcptHostsPolicy.NOT_IN_RCPTHOSTS, check(QMTP_CLIENT, Map.of(), "u@evil.test"));
        assertEquals(Verdict.ACCEPT, check(QMTP_CLIENT, Map.of(), "u@example.com"));
    }

    @Test
    void relayClientEvenEmptyAcceptsEveryDomain() {
        assertEquals(Verdict.ACCEPT, check(SMTP_CLIENT, Map.of("RELAYCLIENT", ""), "u@evil.test"));
        assertEquals(Verdict.ACCEPT, check(SMTP_CLIENT, Map.of("RELAYCLIENT", "@fix.me"), "u@evil.test"));
        assertEquals(Verdict.ACCEPT, check(QMTP_CLIENT, Map.of("RELAYCLIENT", ""), "u@example.com."));
    }

    @Test
    void anAuthenticatedClientMayRelay() {
        TransactionSnapshot authenticated = new TransactionSnapshot(SMTP_CLIENT, Map.of(), Optional.of("client.test"),
                Optional.of(new TlsParameters("TLSv1.3", "TLS_AES_128_GCM_SHA256")),
                Optional.of(new Authentication("joe", "PLAIN")), Optional.of(SENDER), List.of());
        assertEquals(Verdict.ACCEPT, policy.check(authenticated, MailAddress.parse("u@evil.test")));
    }

    @Test
    void otherVariablesDoNotAllowRelaying() {
        assertEquals(RcptHostsPolicy.NOT_IN_RCPTHOSTS,
                check(SMTP_CLIENT, Map.of("DATABYTES", "1000", "RELAYCLIENTX", ""), "u@evil.test"));
    }

    @Test
    void dotSuffixEntryMatchesSubdomainsOnly() {
        home.write("rcpthosts", "example.com", ".example.net").reload();
        assertTrue(accepts("u@a.example.net"));
        assertTrue(accepts("u@a.b.EXAMPLE.net"));
        assertEquals(false, accepts("u@example.net"));
        assertEquals(false, accepts("u@badexample.net"));
    }

    @Test
    void moreRcptHostsCdbIsConsultedAfterRcptHosts() {
        home.writeMoreRcptHosts("more.test", ".sub.test").reload();
        assertTrue(accepts("u@example.com"));
        assertTrue(accepts("u@more.test"));
        assertTrue(accepts("u@A.Sub.Test"));
        assertEquals(false, accepts("u@sub.test"));
        assertEquals(false, accepts("u@evil.test"));
    }

    @Test
    void emptyRcptHostsAcceptsOnlyAtlessAndMoreRcptHosts() {
        home.write("rcpthosts").writeMoreRcptHosts("more.test").reload();
        assertEquals(false, accepts("u@example.com"));
        assertTrue(accepts("postmaster"));
        assertTrue(accepts("u@more.test"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void withoutRcptHostsOnlyLocalsAndVirtualDomainsAreAccepted() {
        home.delete("rcpthosts")
                .write("virtualdomains", "virtual.test:alias-v", ".wild.test:alias-w", "except.wild.test:",
                        "joe@users.test:alias-joe")
                .reload();
        assertTrue(accepts("u@example.com"));
        assertTrue(accepts("u@EXAMPLE.com"));
        assertTrue(accepts("u@virtual.test"));
        assertTrue(accepts("u@a.wild.test"));
        assertTrue(accepts("joe@users.test"));
        assertTrue(accepts("u%evil.test"));
        assertEquals(false, accepts("u@except.wild.test"));
        assertEquals(false, accepts("ann@users.test"));
        assertEquals(false, accepts("u@evil.test"));
        assertEquals(false, accepts("u@example.com."));
    }

    @Test
    void withoutRcptHostsMoreRcptHostsIsIgnored() {
        home.delete("rcpthosts").writeMoreRcptHosts("more.test").reload();
        assertEquals(false, accepts("u@more.test"));
    }

    // Without locals the ControlFiles default applies: me is the local domain.
    @Test
    void withoutRcptHostsAndLocalsMeIsAccepted() {
        home.delete("rcpthosts").delete("locals").write("me", "host.test").reload();
        assertTrue(accepts("u@host.test"));
        assertEquals(false, accepts("u@example.com"));
    }

    @Test
    void missingRcptHostsWarnsOncePerGeneration() {
        home.delete("rcpthosts").reload();
        accepts("u@example.com");
        accepts("u@evil.test");
        accepts("v@evil.test");
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith(home.control.resolve("rcpthosts") + " is missing"), warnings.get(0));

        home.reload();
        accepts("u@evil.test");
        assertEquals(1, warnings.size(), "a reload that changed nothing keeps the generation");

        home.write("locals", "example.com", "example.org").reload();
        assertTrue(accepts("u@example.org"));
        assertEquals(2, warnings.size(), "a new generation warns again");

        home.write("rcpthosts", "example.org").reload();
        assertTrue(accepts("u@example.org"));
        assertEquals(false, accepts("u@example.com"));
        assertEquals(2, warnings.size());
    }

    @Test
    void atlessRecipientsDoNotWarn() {
        home.delete("rcpthosts").reload();
        assertTrue(accepts("postmaster"));
        assertEquals(List.of(), warnings);
    }
}
