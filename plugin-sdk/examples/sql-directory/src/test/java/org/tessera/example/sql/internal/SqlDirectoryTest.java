package org.tessera.example.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.h2.tools.Server;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.users.MailUser;
import org.tessera.testkit.MemoryControlFiles;
import org.tessera.testkit.server.FreePorts;

/**
 * The directory and the checker against vpopmail's tables in H2 (MySQL mode), through H2's own
 * DataSourceFactory as the OSGi service would hand it out; failures against an H2 TCP server that stops,
 * and a server that never answers.
 */
class SqlDirectoryTest {

    private static final String SCHEMA = """
            CREATE TABLE vpopmail (pw_name VARCHAR(32) NOT NULL, pw_domain VARCHAR(96) NOT NULL,
              pw_passwd VARCHAR(128), pw_uid INT, pw_gid INT, pw_gecos VARCHAR(48), pw_dir VARCHAR(160),
              pw_shell VARCHAR(20), pw_clear_passwd VARCHAR(16), PRIMARY KEY (pw_name, pw_domain));
            CREATE TABLE valias (alias VARCHAR(32) NOT NULL, domain VARCHAR(96) NOT NULL, valias_line TEXT NOT NULL);
            """;

    @TempDir
    Path work;

    private final MemoryControlFiles control = new MemoryControlFiles().locals("example.org");
    private final List<SqlDatabase> databases = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();
    private String url;
    private Connection keepAlive;

    @BeforeEach
    void database() throws SQLException {
        control.home = work;
        url = "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=MySQL";
        keepAlive = DriverManager.getConnection(url, "sa", "");
        sql(SCHEMA);
        user("joe", "example.org", Sha2Crypt.sha512Crypt(bytes("joe-secret")), "/home/vpopmail/domains/example.org/joe");
        user("joe-work", "example.org", Md5Crypt.md5Crypt(bytes("work-secret")), "/home/vpopmail/domains/example.org/joe-work");
        user("ann", "example.net", OpenBSDBCrypt.generate(bytes("ann-secret"), new byte[16], 4), "/home/vpopmail/domains/example.net/ann");
    }

    @AfterEach
    void close() throws SQLException {
        databases.forEach(SqlDatabase::deactivate);
        servers.forEach(Server::stop);
        keepAlive.close();
    }

    @Test
    void aMailboxIsItsRowsIdsAndHomeWithNoExtension() throws IOException {
        SqlUserDirectory directory = directory(Map.of());
        assertEquals(Optional.of(new MailUser("joe@example.org", 89, 89, "/home/vpopmail/domains/example.org/joe", "", "")),
                directory.find(MailAddress.parse("Joe@Example.ORG")));
        assertEquals(Optional.of(new MailUser("ann@example.net", 89, 89, "/home/vpopmail/domains/example.net/ann", "", "")),
                directory.find(MailAddress.parse("ann@example.net")));
        assertEquals(Optional.empty(), directory.find(MailAddress.parse("ann@example.org")), "the domain is part of the key");
        assertEquals(Optional.empty(), directory.find(MailAddress.parse("nobody@example.org")));
    }

    @Test
    void anExtensionFallsBackToTheLongestMailboxBeforeADashKeepingItsCase() throws IOException {
        SqlUserDirectory directory = directory(Map.of());
        assertEquals(Optional.of(new MailUser("joe@example.org", 89, 89, "/home/vpopmail/domains/example.org/joe", "-", "Lists-Tessera")),
                directory.find(MailAddress.parse("joe-Lists-Tessera@example.org")));
        assertEquals(Optional.of(new MailUser("joe-work@example.org", 89, 89, "/home/vpopmail/domains/example.org/joe-work", "-", "x")),
                directory.find(MailAddress.parse("joe-work-x@example.org")));
        assertEquals(Optional.of(new MailUser("joe@example.org", 89, 89, "/home/vpopmail/domains/example.org/joe", "-", "")),
                directory.find(MailAddress.parse("joe-@example.org")));
        assertEquals(Optional.empty(), directory.find(MailAddress.parse("-joe@example.org")));
    }

    @Test
    void aVirtualDomainsPrependIsTakenOffAsQmailSendPutItOn() throws IOException {
        control.virtualDomains("example.net:example.net");
        SqlUserDirectory directory = directory(Map.of());
        assertEquals(Optional.of(new MailUser("ann@example.net", 89, 89, "/home/vpopmail/domains/example.net/ann", "-", "news")),
                directory.find(MailAddress.parse("example.net-ann-news@example.net")));
    }

    @Test
    void anAliasIsTheForwardingAccountsDotQmailFileKeptInStepWithItsRows() throws Exception {
        alias("info", "example.org", "&joe@example.org");
        alias("info", "example.org", "ann@example.net");
        alias("info", "example.org", "/home/vpopmail/domains/example.org/info/Maildir/");
        user("info", "example.org", "x", "/home/vpopmail/domains/example.org/info");
        Path home = work.resolve("valias");
        SqlUserDirectory directory = directory(Map.of());

        MailUser user = directory.find(MailAddress.parse("Info@example.org")).orElseThrow();
        int uid = (Integer) Files.getAttribute(home, "unix:uid");
        int gid = (Integer) Files.getAttribute(home, "unix:gid");
        assertEquals(new MailUser("alias", uid, gid, home.toString(), "-", "info@example:org"), user, "the alias wins over the mailbox");
        Path file = home.resolve(".qmail-info@example:org");
        assertEquals("&joe@example.org\n/home/vpopmail/domains/example.org/info/Maildir/\n&ann@example.net\n", Files.readString(file),
                "the rows in the query's order, each forward as &address");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));

        Object unchanged = Files.readAttributes(file, "unix:ino").get("ino");
        directory.find(MailAddress.parse("info@example.org"));
        assertEquals(unchanged, Files.readAttributes(file, "unix:ino").get("ino"), "the same lines are not written again");

        sql("DELETE FROM valias WHERE valias_line = 'ann@example.net'");
        directory.find(MailAddress.parse("info@example.org"));
        assertNotEquals(unchanged, Files.readAttributes(file, "unix:ino").get("ino"), "a new file, renamed over the old");
        assertEquals("&joe@example.org\n/home/vpopmail/domains/example.org/info/Maildir/\n", Files.readString(file));
        try (var left = Files.list(home)) {
            assertEquals(List.of(file), left.toList(), "no temporary file left");
        }
    }

    @Test
    void programsRelativePathsAndLineBreaksFromTheDatabaseAreRefusedSoTheEntryDefers() throws Exception {
        alias("run", "example.org", "|/usr/bin/id");
        alias("rel", "example.org", "./Maildir/");
        alias("broken", "example.org", "joe@example.org\n|/usr/bin/id");
        alias("plugin", "example.org", "+webhook:http://127.0.0.1/");
        alias("empty", "example.org", "# nothing");
        SqlUserDirectory directory = directory(Map.of());
        for (String refused : List.of("run", "rel", "broken", "plugin", "empty")) {
            IOException e = assertThrows(IOException.class, () -> directory.find(MailAddress.parse(refused + "@example.org")));
            assertTrue(e.getMessage().startsWith("SQL alias " + refused + "@example.org refused: "), e.getMessage());
            assertTrue(Files.notExists(work.resolve("valias/.qmail-" + refused + "@example:org")), refused);
        }

        SqlUserDirectory allowing = directory(Map.of("programLines", true));
        assertEquals("run@example:org", allowing.find(MailAddress.parse("run@example.org")).orElseThrow().ext());
        assertEquals("|/usr/bin/id\n", Files.readString(work.resolve("valias/.qmail-run@example:org")));
    }

    @Test
    void anEntrysExtensionIsSafeForAFileNameAndDistinctPerAddress() {
        assertEquals("info@example:org", ForwardingAccount.extension("info@example.org"));
        assertEquals("a%2F::%3A%2Fb@x:org", ForwardingAccount.extension("a/..:/b@x.org"));
        assertEquals("a%3Ab@x", ForwardingAccount.extension("a:b@x"));
        assertEquals("a%25b@x", ForwardingAccount.extension("a%b@x"));
        assertEquals("%C3%A9@x", ForwardingAccount.extension("\u00e9@x"));
    }

    @Test
    void otherLayoutsUseTheirOwnQueriesWithNamedParameters() throws Exception {
        sql("""
            CREATE TABLE mailbox (username VARCHAR(255) PRIMARY KEY, password VARCHAR(255), maildir VARCHAR(255));
            CREATE TABLE forwardings (address VARCHAR(255), goto VARCHAR(255));
            INSERT INTO mailbox VALUES ('pat@example.com', '{PLAIN}pat-secret', '/srv/mail/pat');
            INSERT INTO forwardings VALUES ('sales@example.com', 'pat@example.com');
            """);
        Map<String, Object> layout = Map.of(
                "userQuery", "SELECT 5000 AS pw_uid, 5000 AS pw_gid, maildir AS pw_dir, password AS pw_passwd"
                        + " FROM mailbox WHERE username = :address AND ':local' <> 'x::y'",
                "aliasQuery", "SELECT goto FROM forwardings WHERE address = :address");
        SqlUserDirectory directory = directory(layout);
        assertEquals(Optional.of(new MailUser("pat@example.com", 5000, 5000, "/srv/mail/pat", "-", "Ext")),
                directory.find(MailAddress.parse("pat-Ext@example.com")));
        assertEquals("sales@example:com", directory.find(MailAddress.parse("sales@example.com")).orElseThrow().ext());
        assertEquals(new AuthResult(AuthResult.Outcome.ACCEPTED, "pat@example.com", 5000, 5000, "/srv/mail/pat"),
                checker(layout).check("pat@example.com", bytes("pat-secret"), ""));
    }

    @Test
    void aQueryNamingAnUnknownParameterIsAConfigurationError() {
        assertEquals("SELECT a FROM t WHERE b = ? AND c = ':local' AND d = ?::text",
                NamedQuery.parse("SELECT a FROM t WHERE b = :local AND c = ':local' AND d = :ext::text").sql());
        assertThrows(IllegalArgumentException.class, () -> NamedQuery.parse("SELECT a FROM t WHERE b = :user"));
    }

    @Test
    void loginsAreAddressesCheckedAgainstCryptHashes() throws Exception {
        SqlPasswordChecker checker = checker(Map.of());
        assertEquals(new AuthResult(AuthResult.Outcome.ACCEPTED, "joe@example.org", 89, 89, "/home/vpopmail/domains/example.org/joe"),
                checker.check("joe@example.org", bytes("joe-secret"), ""), "SHA512-CRYPT");
        assertEquals(AuthResult.Outcome.ACCEPTED, checker.check("JOE-WORK@Example.Org", bytes("work-secret"), "").outcome(), "MD5-CRYPT");
        assertEquals(AuthResult.Outcome.ACCEPTED, checker.check("ann@example.net", bytes("ann-secret"), "").outcome(), "BLF-CRYPT");
        assertEquals(AuthResult.REJECTED, checker.check("joe@example.org", bytes("wrong"), ""));
        assertEquals(AuthResult.REJECTED, checker.check("nobody@example.org", bytes("joe-secret"), ""));
        assertEquals(AuthResult.REJECTED, checker.check("joe", bytes("joe-secret"), ""), "no default domain");
        assertEquals(AuthResult.REJECTED, checker.check("@example.org", bytes("joe-secret"), ""));

        sql("UPDATE vpopmail SET pw_passwd = NULL WHERE pw_name = 'ann'");
        assertEquals(AuthResult.REJECTED, checker.check("ann@example.net", bytes("ann-secret"), ""), "no password never matches");

        SqlPasswordChecker withDefault = checker(Map.of("defaultDomain", "Example.org"));
        assertEquals("joe@example.org", withDefault.check("joe", bytes("joe-secret"), "").user());
    }

    @Test
    void aStoppedDatabaseDefersAndFailsLoginsTemporarilyAndIsUsedAgainWhenBack() throws Exception {
        int port = FreePorts.take(1)[0];
        Server server = tcpServer(port);
        String remote = "jdbc:h2:tcp://127.0.0.1:" + port + "/vpopmail;MODE=MySQL";
        try (Connection c = DriverManager.getConnection(remote, "sa", ""); Statement s = c.createStatement()) {
            s.execute(SCHEMA);
            s.execute("INSERT INTO vpopmail (pw_name, pw_domain, pw_passwd, pw_uid, pw_gid, pw_dir)"
                    + " VALUES ('joe', 'example.org', '{PLAIN}joe-secret', 89, 89, '/home/joe')");
        }
        SqlDatabase database = database(Map.of("url", remote, "timeoutSeconds", 1));
        SqlUserDirectory directory = directory(Map.of());
        directory.database = database;
        SqlPasswordChecker checker = checker(Map.of());
        checker.database = database;
        assertEquals("/home/joe", directory.find(MailAddress.parse("joe@example.org")).orElseThrow().home());

        server.stop();
        IOException deferred = assertThrows(IOException.class, () -> directory.find(MailAddress.parse("joe@example.org")));
        assertTrue(deferred.getMessage().startsWith("SQL user database unavailable: "), deferred.getMessage());
        assertThrows(IOException.class, () -> directory.find(MailAddress.parse("nobody@example.org")), "never an empty answer");
        assertEquals(AuthResult.TEMPORARY_FAILURE, checker.check("joe@example.org", bytes("joe-secret"), ""));

        tcpServer(port);
        assertEquals("/home/joe", directory.find(MailAddress.parse("joe@example.org")).orElseThrow().home());
        assertEquals(AuthResult.Outcome.ACCEPTED, checker.check("joe@example.org", bytes("joe-secret"), "").outcome());
    }

    @Test
    void aDatabaseThatNeverAnswersDefersWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            SqlDatabase database = database(Map.of("url", "jdbc:h2:tcp://127.0.0.1:" + silent.getLocalPort() + "/x", "timeoutSeconds", 1));
            SqlUserDirectory directory = directory(Map.of());
            directory.database = database;
            long start = System.nanoTime();
            assertThrows(IOException.class, () -> directory.find(MailAddress.parse("joe@example.org")));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, millis + " ms");
        }
    }

    @Test
    void withoutItsDatabaseTheDirectoryDefersAndTheCheckerFailsTemporarily() throws IOException {
        SqlUserDirectory directory = directory(Map.of());
        directory.database = null;
        assertThrows(IOException.class, () -> directory.find(MailAddress.parse("joe@example.org")));
        SqlPasswordChecker checker = checker(Map.of());
        checker.database = null;
        assertEquals(AuthResult.TEMPORARY_FAILURE, checker.check("joe@example.org", bytes("joe-secret"), ""));
    }

    @Test
    void addressesAndLoginsOutsideTheConfiguredDomainsNeverReachTheDatabase() throws IOException {
        Map<String, Object> onlyExampleOrg = Map.of("domains", List.of("Example.ORG"));
        SqlUserDirectory directory = directory(onlyExampleOrg);
        directory.database = null;
        assertEquals(Optional.empty(), directory.find(MailAddress.parse("postmaster@mx.example.net")));
        assertThrows(IOException.class, () -> directory.find(MailAddress.parse("joe@example.org")));
        SqlPasswordChecker checker = checker(onlyExampleOrg);
        assertEquals(AuthResult.REJECTED, checker.check("ann@example.net", bytes("ann-secret"), ""));
        checker.database = null;
        assertEquals(AuthResult.TEMPORARY_FAILURE, checker.check("joe@example.org", bytes("joe-secret"), ""));
    }

    private SqlUserDirectory directory(Map<String, Object> properties) throws IOException {
        SqlUserDirectory directory = new SqlUserDirectory();
        directory.control = control;
        directory.database = database(properties);
        directory.configure(configuration(properties));
        return directory;
    }

    private SqlPasswordChecker checker(Map<String, Object> properties) {
        SqlPasswordChecker checker = new SqlPasswordChecker();
        checker.database = database(properties);
        checker.configure(configuration(properties));
        return checker;
    }

    private SqlDatabase database(Map<String, Object> properties) {
        try {
            SqlDatabase database = new SqlDatabase(new OsgiDataSourceFactory(new org.h2.Driver()), configuration(properties));
            databases.add(database);
            return database;
        } catch (SQLException | IOException e) {
            throw new AssertionError(e);
        }
    }

    private SqlDirectoryConfiguration configuration(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(Map.of("url", url, "user", "sa", "timeoutSeconds", 2));
        all.putAll(properties);
        return Converters.standardConverter().convert(all).to(SqlDirectoryConfiguration.class);
    }

    private Server tcpServer(int port) throws SQLException {
        Server server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", work.resolve("h2").toString(),
                "-ifNotExists").start();
        servers.add(server);
        return server;
    }

    private void user(String name, String domain, String hash, String home) throws SQLException {
        sql("INSERT INTO vpopmail (pw_name, pw_domain, pw_passwd, pw_uid, pw_gid, pw_dir) VALUES ('" + name + "', '" + domain
                + "', '" + hash + "', 89, 89, '" + home + "')");
    }

    private void alias(String alias, String domain, String line) throws SQLException {
        try (var insert = keepAlive.prepareStatement("INSERT INTO valias VALUES (?, ?, ?)")) {
            insert.setString(1, alias);
            insert.setString(2, domain);
            insert.setString(3, line);
            insert.executeUpdate();
        }
    }

    private void sql(String statements) throws SQLException {
        try (Statement s = keepAlive.createStatement()) {
            s.execute(statements);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
