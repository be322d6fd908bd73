package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tessera.api.control.ControlFiles;

/**
 * Every control file Tessera reads (qmail-control(5)): its default with and without {@code me}, and an
 * explicit value.
 */
class ControlFilesDefaultsTest {

    @TempDir
    Path dir;

    private TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(dir);
    }

    /** file, accessor, default without me, default with me = "me.example". */
    static Stream<Arguments> lineFiles() {
        return Stream.of(
                line("bouncefrom", ControlFiles::bounceFrom, "MAILER-DAEMON", "MAILER-DAEMON"),
                line("bouncehost", ControlFiles::bounceHost, "bouncehost", "me.example"),
                line("doublebounceto", ControlFiles::doubleBounceTo, "postmaster", "postmaster"),
                line("doublebouncehost", ControlFiles::doubleBounceHost, "doublebouncehost", "me.example"),
                line("envnoathost", ControlFiles::envNoAtHost, "envnoathost", "me.example"),
                line("defaultdomain", ControlFiles::defaultDomain, "defaultdomain", "me.example"),
                line("defaulthost", ControlFiles::defaultHost, "defaulthost", "me.example"),
                line("idhost", ControlFiles::idHost, "idhost", "me.example"),
                line("plusdomain", ControlFiles::plusDomain, "plusdomain", "me.example"),
                line("helohost", c -> c.heloHost().orElse(null), null, "me.example"),
                line("localiphost", c -> c.localIpHost().orElse(null), null, "me.example"),
                line("smtpgreeting", c -> c.smtpGreeting().orElse(null), null, "me.example"));
    }

    private static Arguments line(String file, Function<ControlFiles, String> accessor, String withoutMe, String withMe) {
        return Arguments.of(file, accessor, withoutMe, withMe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lineFiles")
    void lineFileDefaultsAndValue(String file, Function<ControlFiles, String> accessor, String withoutMe, String withMe) {
        assertEquals(withoutMe, accessor.apply(home.service()), "missing, no me");
        home.write("me", "me.example\n");
        assertEquals(withMe, accessor.apply(home.service()), "missing, me exists");
        home.write(file, "value.example \t\nsecond line\n");
        assertEquals("value.example", accessor.apply(home.service()), "explicit");
        home.write(file, "");
        assertEquals("", accessor.apply(home.service()), "present but empty is not missing");
    }

    /** file, accessor, default. */
    static Stream<Arguments> intFiles() {
        return Stream.of(
                Arguments.of("concurrencylocal", (Function<ControlFiles, Long>) c -> (long) c.concurrencyLocal(), 10L),
                Arguments.of("concurrencyremote", (Function<ControlFiles, Long>) c -> (long) c.concurrencyRemote(), 20L),
                Arguments.of("concurrencyincoming", (Function<ControlFiles, Long>) c -> (long) c.concurrencyIncoming(), 20L),
                Arguments.of("databytes", (Function<ControlFiles, Long>) ControlFiles::databytes, 0L),
                Arguments.of("queuelifetime", (Function<ControlFiles, Long>) ControlFiles::queueLifetime, 604800L),
                Arguments.of("timeoutconnect", (Function<ControlFiles, Long>) c -> (long) c.timeoutConnect(), 60L),
                Arguments.of("timeoutremote", (Function<ControlFiles, Long>) c -> (long) c.timeoutRemote(), 1200L),
                Arguments.of("timeoutsmtpd", (Function<ControlFiles, Long>) c -> (long) c.timeoutSmtpd(), 1200L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("intFiles")
    void intFileDefaultsAndValue(String file, Function<ControlFiles, Long> accessor, long defaultValue) {
        assertEquals(defaultValue, accessor.apply(home.service()), "missing");
        home.write("me", "99\n");
        assertEquals(defaultValue, accessor.apply(home.service()), "int files do not use me");
        home.write(file, "37abc\n");
        assertEquals(37L, accessor.apply(home.service()), "decimal prefix");
        for (String junk : List.of("", "-5\n", " 5\n", "x\n")) {
            home.write(file, junk);
            assertEquals(defaultValue, accessor.apply(home.service()), "junk keeps the default: " + junk);
        }
    }

    @Test
    void timeoutsmtpdOfZeroBecomesOne() {
        home.write("timeoutsmtpd", "0\n");
        assertEquals(1, home.service().timeoutSmtpd());
    }

    @Test
    void concurrencyOfZeroHoldsTheChannel() {
        home.write("concurrencylocal", "0\n").write("concurrencyremote", "0\n");
        assertEquals(0, home.service().concurrencyLocal());
        assertEquals(0, home.service().concurrencyRemote());
    }

    @Test
    void hugeIntValuesSaturate() {
        home.write("timeoutremote", "99999999999\n").write("databytes", "99999999999\n");
        assertEquals(Integer.MAX_VALUE, home.service().timeoutRemote());
        assertEquals(99999999999L, home.service().databytes());
    }

    @Test
    void meIsTheFirstLineOrEmpty() {
        assertEquals(Optional.empty(), home.service().me());
        home.write("me", "mail.example \n");
        assertEquals(Optional.of("mail.example"), home.service().me());
    }

    @Test
    void emptyMeIsStillMe() {
        home.write("me", "");
        assertEquals("", home.service().bounceHost());
        assertEquals(Optional.of(""), home.service().heloHost());
    }

    @Test
    void defaultDeliveryDefaultsToMaildirAndKeepsEveryLine() {
        assertEquals("./Maildir/", home.service().defaultDelivery());
        home.write("defaultdelivery", "./Mailbox\n");
        assertEquals("./Mailbox", home.service().defaultDelivery());
        home.write("defaultdelivery", "|preline procmail\n./Maildir/\n\n");
        assertEquals("|preline procmail\n./Maildir/", home.service().defaultDelivery());
        home.write("defaultdelivery", "\n");
        assertEquals("./Maildir/", home.service().defaultDelivery());
    }

    @Test
    void localsDefaultsToMeElseNothing() {
        assertEquals(Optional.empty(), home.service().locals());
        assertFalse(home.service().isLocal("localhost"));
        home.write("me", "Mail.Example\n");
        assertEquals(Optional.of(Set.of("mail.example")), home.service().locals());
        assertTrue(home.service().isLocal("MAIL.example"));
        home.write("locals", "");
        assertEquals(Optional.of(Set.of()), home.service().locals());
        assertFalse(home.service().isLocal("mail.example"), "present but empty means no local domains");
    }

    @Test
    void localsMatchExactlyIgnoringCase() {
        home.write("locals", "# local domains\nExample.COM\nlocalhost\n");
        ControlFiles control = home.service();
        assertEquals(Optional.of(Set.of("example.com", "localhost")), control.locals());
        assertTrue(control.isLocal("example.com"));
        assertTrue(control.isLocal("EXAMPLE.com"));
        assertFalse(control.isLocal("sub.example.com"), "no wildcards");
        assertFalse(control.isLocal(".example.com"));
        assertFalse(control.isLocal("example.com."), "trailing dot");
    }

    @Test
    void percentHackMatchesExactlyIgnoringCase() {
        ControlFiles none = home.service();
        assertFalse(none.isPercentHack("example.com"), "missing file: hack disabled");
        home.write("percenthack", "Relay.Example\n#x.example\n");
        ControlFiles control = home.service();
        assertTrue(control.isPercentHack("relay.example"));
        assertTrue(control.isPercentHack("RELAY.EXAMPLE"));
        assertFalse(control.isPercentHack("sub.relay.example"));
        assertFalse(control.isPercentHack("#x.example"));
    }

    @Test
    void listFilesDefaultToNothing() {
        ControlFiles control = home.service();
        assertFalse(control.isBadMailFrom("spam@example.com"));
        assertFalse(control.hasRcptHosts());
        assertFalse(control.isRcptHost("example.com"));
        assertEquals(Optional.empty(), control.virtualDomain("u@example.com"));
        assertEquals(Optional.empty(), control.smtpRoute("example.com"));
        assertEquals(List.of(), control.qmqpServers());
    }
}
