package org.tessera.example.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.tessera.testkit.MemoryControlFiles;

/**
 * What the LDAP tests share, as a JUnit 5 extension registered on a static field: Debian's slapd with the
 * directory test's entries, started before the class's tests and stopped after them; for each test a fresh
 * Tessera home with the alias user's directory, and the components the test made, deactivated after it.
 */
final class LdapFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final boolean tls;
    private final MemoryControlFiles control = new MemoryControlFiles();
    private final List<Runnable> started = new ArrayList<>();
    private Path serverDirectory;
    private Slapd slapd;
    private Path home;

    private LdapFixture(boolean tls) {
        this.tls = tls;
    }

    /** slapd on ldap:// only. */
    static LdapFixture plain() {
        return new LdapFixture(false);
    }

    /** slapd with StartTLS and an ldaps:// port, with a certificate of its own. */
    static LdapFixture withTls() {
        return new LdapFixture(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assertTrue(Slapd.available() || !Boolean.getBoolean("tessera.requireTools"),
                "slapd, ldap-utils and openssl (Debian packages) and root are required here");
        assumeTrue(Slapd.available(), "slapd, ldap-utils, openssl and root");
        serverDirectory = Files.createTempDirectory("slapd");
        slapd = tls ? Slapd.startWithTls(serverDirectory, LdapUserDirectoryTest.ENTRIES)
                : Slapd.start(serverDirectory, LdapUserDirectoryTest.ENTRIES);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (slapd != null) {
            slapd.close();
        }
        delete(serverDirectory);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        home = Files.createTempDirectory("tessera-home");
        Files.createDirectory(home.resolve("alias"));
        control.home = home;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        started.forEach(Runnable::run);
        started.clear();
        delete(home);
    }

    Slapd slapd() {
        return slapd;
    }

    /** This test's Tessera home. */
    Path home() {
        return home;
    }

    /** A directory on this server with the fixture's configuration and these keys and values besides. */
    LdapUserDirectory directory(Object... keysAndValues) throws Exception {
        LdapUserDirectory directory = new LdapUserDirectory(control, slapd.configuration(keysAndValues));
        started.add(directory::deactivate);
        return directory;
    }

    /** A password checker on this server, configured as {@link #directory} is. */
    LdapPasswordChecker checker(Object... keysAndValues) throws Exception {
        LdapPasswordChecker checker = new LdapPasswordChecker(control, slapd.configuration(keysAndValues));
        started.add(checker::deactivate);
        return checker;
    }

    private static void delete(Path tree) throws IOException {
        if (tree == null || !Files.exists(tree)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
