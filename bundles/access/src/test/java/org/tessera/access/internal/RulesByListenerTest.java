package org.tessera.access.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.util.converter.Converters;
import org.tessera.api.control.CdbFiles;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.ConnectionDecision;

/** The rules of each listener from its cdb: which rule a client gets, the defaults without one, and rebuilt files. */
class RulesByListenerTest {

    /** One rule per key form; K names the rule that matched. */
    private static final String EVERY_FORM = """
            joe@1.2.3.4:allow,K="info@ip"
            joe@=a.b.c:allow,K="info@=host"
            1.2.3.5:allow,K="ip"
            =h.b.c:allow,K="=host"
            1.2.3.:allow,K="1.2.3."
            1.2.:allow,K="1.2."
            5.:allow,K="5."
            =.x.c:allow,K="=.x.c"
            =.c:allow,K="=.c"
            =:allow,K="="
            :allow,K="empty"
            """;

    private static final Set<String> QMQP_LOOPBACK_ONLY = Set.of("qmqp");

    @TempDir
    Path control;

    private final CdbFiles cdbFiles = Records.cdbFiles();
    private RulesByListener rules;

    @BeforeEach
    void open() {
        rules = new RulesByListener(control, cdbFiles);
    }

    @AfterEach
    void close() {
        rules.close();
    }

    private void compile(String listener, String text) throws Exception {
        cdbFiles.write(control.resolve("tcp." + listener + ".cdb"), Records.compile(text));
    }

    private ConnectionDecision check(String listener, String ip, String host, String info) {
        return rules.check(LookupKeysTest.client(listener, ip, host, info), QMQP_LOOPBACK_ONLY);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            1.2.3.4 | a.b.c  | joe | info@ip
            1.2.3.9 | a.b.c  | joe | info@=host
            1.2.3.5 | h.b.c  | joe | ip
            9.9.9.9 | h.b.c  | ''  | =host
            1.2.3.7 | h.b.c  | ''  | =host
            1.2.3.7 | ''     | ''  | 1.2.3.
            1.2.3.4 | ''     | ''  | 1.2.3.
            1.2.9.9 | ''     | ''  | 1.2.
            5.6.7.8 | y.x.c  | ''  | 5.
            9.9.9.9 | y.x.c  | ''  | =.x.c
            9.9.9.9 | z.c    | ''  | =.c
            9.9.9.9 | nodot  | ''  | =
            9.9.9.9 | ''     | ''  | empty
            9.9.9.9 | ''     | bob | empty
            """)
    void usesTheFirstKeyPresentInTcpserversOrder(String ip, String host, String info, String rule) throws Exception {
        compile("smtp", EVERY_FORM);
        assertEquals(ConnectionDecision.allow(Map.of("K", rule)), check("smtp", ip, host, info));
    }

    @Test
    void eachListenerHasItsOwnFile() throws Exception {
        compile("smtp", EVERY_FORM);
        compile("pop3", "1.2.3.4:deny\n:allow,X=\"y\"\n");
        assertEquals(ConnectionDecision.DENY, check("pop3", "1.2.3.4", "", ""));
        assertEquals(ConnectionDecision.allow(Map.of("X", "y")), check("pop3", "1.2.3.5", "", ""));
        assertEquals(ConnectionDecision.ALLOW, check("qmtp", "1.2.3.4", "", ""), "no tcp.qmtp.cdb: allow");
        assertEquals(ConnectionDecision.ALLOW, check("submission", "1.2.3.4", "", ""));
    }

    @Test
    void theFirstDuplicateWinsAndNoMatchAllows() throws Exception {
        compile("smtp", "1.2.3.4:allow,F=\"first\"\n1.2.3.4:deny\n");
        assertEquals(ConnectionDecision.allow(Map.of("F", "first")), check("smtp", "1.2.3.4", "", ""));
        assertEquals(ConnectionDecision.ALLOW, check("smtp", "1.2.3.5", "", ""));
    }

    @Test
    void appliesAssignmentsInOrder() throws Exception {
        compile("smtp", "127.:allow,RELAYCLIENT=\"\",DATABYTES=\"1\",DATABYTES=\"2\"\n");
        assertEquals(ConnectionDecision.allow(Map.of("RELAYCLIENT", "", "DATABYTES", "2")),
                check("smtp", "127.0.0.1", "", ""));
    }

    @Test
    void qmqpWithoutRulesAcceptsLoopbackOnly() throws Exception {
        assertEquals(ConnectionDecision.DENY, check("qmqp", "10.0.0.1", "", ""));
        assertEquals(ConnectionDecision.DENY, check("qmqp", "2001:db8::1", "", ""));
        assertEquals(ConnectionDecision.ALLOW, check("qmqp", "127.0.0.1", "", ""));
        assertEquals(ConnectionDecision.ALLOW, check("qmqp", "127.1.2.3", "", ""));
        assertEquals(ConnectionDecision.ALLOW, check("qmqp", "::1", "", ""));
        compile("qmqp", "10.:allow\n:deny\n");
        assertEquals(ConnectionDecision.ALLOW, check("qmqp", "10.0.0.1", "", ""), "with rules, the rules decide");
        assertEquals(ConnectionDecision.DENY, check("qmqp", "127.0.0.1", "", ""));
    }

    @Test
    void recognisesLoopbackLiteralsWithoutDns() {
        assertTrue(RulesByListener.isLoopback("127.0.0.1"));
        assertTrue(RulesByListener.isLoopback("0:0:0:0:0:0:0:1"));
        assertTrue(RulesByListener.isLoopback("::ffff:127.0.0.1"));
        assertFalse(RulesByListener.isLoopback("127.0.0.256"));
        assertFalse(RulesByListener.isLoopback("127.0.0"));
        assertFalse(RulesByListener.isLoopback("128.0.0.1"));
        assertFalse(RulesByListener.isLoopback("::2"));
        assertFalse(RulesByListener.isLoopback("localhost"));
        assertFalse(RulesByListener.isLoopback("not:an:address"));
    }

    @Test
    void seesARebuiltFileAtTheNextConnection() throws Exception {
        assertEquals(ConnectionDecision.ALLOW, check("smtp", "1.2.3.4", "", ""));
        compile("smtp", ":deny\n");
        assertEquals(ConnectionDecision.DENY, check("smtp", "1.2.3.4", "", ""), "a new file appears");
        compile("smtp", ":allow,V=\"2\"\n");
        assertEquals(ConnectionDecision.allow(Map.of("V", "2")), check("smtp", "1.2.3.4", "", ""), "replaced by rename");
        Files.delete(control.resolve("tcp.smtp.cdb"));
        assertEquals(ConnectionDecision.ALLOW, check("smtp", "1.2.3.4", "", ""), "removed");
    }

    @Test
    void seesAFileChangedInPlace() throws Exception {
        Path file = control.resolve("tcp.smtp.cdb");
        compile("smtp", ":deny\n");
        assertEquals(ConnectionDecision.DENY, check("smtp", "1.2.3.4", "", ""));
        compile("other", ":allow,LONGER=\"value\"\n");
        // Copied over the old file's bytes, keeping its inode, as `cp` would.
        Files.write(file, Files.readAllBytes(control.resolve("tcp.other.cdb")));
        assertArrayEquals(Files.readAllBytes(control.resolve("tcp.other.cdb")), Files.readAllBytes(file));
        assertEquals(ConnectionDecision.allow(Map.of("LONGER", "value")), check("smtp", "1.2.3.4", "", ""));
    }

    @Test
    void anUnreadableFileDropsTheConnection() throws Exception {
        Files.write(control.resolve("tcp.smtp.cdb"), new byte[10]);
        assertThrows(UncheckedIOException.class, () -> check("smtp", "1.2.3.4", "", ""));
    }

    @Test
    void refusesListenerNamesThatAreNoFileName() {
        assertThrows(IllegalArgumentException.class, () -> check("../smtp", "1.2.3.4", "", ""));
        assertThrows(IllegalArgumentException.class, () -> check("smtp.cdb", "1.2.3.4", "", ""));
    }

    @Test
    void theComponentDefaultsQmqpToLoopbackOnly() {
        TcpRulesConnectionRulesConfiguration config = Converters.standardConverter()
                .convert(Map.of()).to(TcpRulesConnectionRulesConfiguration.class);
        assertArrayEquals(new String[] {"qmqp"}, config.loopbackOnlyWithoutRules());
    }
}
