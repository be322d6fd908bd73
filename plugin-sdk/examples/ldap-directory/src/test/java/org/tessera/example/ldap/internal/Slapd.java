package org.tessera.example.ldap.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.util.converter.Converters;

/**
 * Debian's OpenLDAP slapd, run by a test: a slapd.conf under the test's directory with the mdb backend, the
 * schemas qmail-ldap builds on and its own attributes ({@code qmail.schema} beside this class), listening on a
 * free loopback port; entries are loaded with ldapadd and changed with ldapmodify, as an administrator would.
 * Public, in this module's test jar: the distribution's LDAP itest runs the same server.
 */
public final class Slapd implements AutoCloseable {

    public static final String SUFFIX = "dc=example,dc=com";
    public static final String ADMIN = "cn=admin," + SUFFIX;
    public static final String ADMIN_PASSWORD = "admin-secret";
    /** The DN the plugin searches as; it may read userPassword, which nobody else may. */
    public static final String SEARCHER = "cn=tessera," + SUFFIX;
    public static final String SEARCHER_PASSWORD = "search-secret";

    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path LDAPMODIFY = Path.of("/usr/bin/ldapmodify");
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    final int port;
    /** The ldaps:// port of a server started with TLS, else 0. */
    final int tlsPort;
    private final Path directory;
    private final Path config;
    private Process process;

    private Slapd(Path directory, boolean tls) throws Exception {
        this.directory = directory;
        this.port = freePort();
        this.tlsPort = tls ? freePort() : 0;
        Files.createDirectories(directory.resolve("db"));
        Path schema = directory.resolve("qmail.schema");
        try (InputStream in = Slapd.class.getResourceAsStream("qmail.schema")) {
            Files.copy(in, schema);
        }
        String tlsFiles = "";
        if (tls) {
            // A self-signed certificate for the address the plugin connects to, as host name checks want it.
            Process openssl = new ProcessBuilder(OPENSSL.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", directory.resolve("key.pem").toString(), "-out", certificate().toString())
                    .redirectErrorStream(true).start();
            String output = new String(openssl.getInputStream().readAllBytes());
            if (openssl.waitFor() != 0) {
                throw new AssertionError("openssl failed:\n" + output);
            }
            tlsFiles = "TLSCertificateFile " + certificate() + "\nTLSCertificateKeyFile " + directory.resolve("key.pem");
        }
        config = Files.writeString(directory.resolve("slapd.conf"), String.join("\n",
                "include /etc/ldap/schema/core.schema",
                "include /etc/ldap/schema/cosine.schema",
                "include /etc/ldap/schema/inetorgperson.schema",
                "include /etc/ldap/schema/nis.schema",
                "include " + schema,
                tlsFiles,
                "pidfile " + directory.resolve("slapd.pid"),
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "database mdb",
                "maxsize 16777216",
                "suffix \"" + SUFFIX + "\"",
                "rootdn \"" + ADMIN + "\"",
                "rootpw " + ADMIN_PASSWORD,
                "directory " + directory.resolve("db"),
                // The README's rules: only the plugin's searcher reads, and users may bind.
                "access to attrs=userPassword by dn.exact=\"" + SEARCHER + "\" read by anonymous auth by * none",
                "access to * by dn.exact=\"" + SEARCHER + "\" read by * none",
                ""));
    }

    /** Whether slapd, ldapmodify and openssl (Debian's slapd, ldap-utils, openssl) are here, and the test runs as root as slapd wants. */
    public static boolean available() {
        return Files.isExecutable(SLAPD) && Files.isExecutable(LDAPMODIFY) && Files.isExecutable(OPENSSL)
                && "root".equals(System.getProperty("user.name"));
    }

    /** Starts a server with the base entries (suffix, the searcher, ou=people) and the given LDIF. */
    static Slapd start(Path directory, String ldif) throws Exception {
        Slapd slapd = prepare(directory);
        slapd.start();
        slapd.load(ldif);
        return slapd;
    }

    /** As {@link #start(Path, String)}, with StartTLS on the ldap:// port and an ldaps:// port, for {@link #certificate}. */
    static Slapd startWithTls(Path directory, String ldif) throws Exception {
        Slapd slapd = new Slapd(directory, true);
        slapd.start();
        slapd.load(ldif);
        return slapd;
    }

    /** A server configured in {@code directory}, its port chosen (so {@link #url} can be configured), not started. */
    public static Slapd prepare(Path directory) throws Exception {
        return new Slapd(directory, false);
    }

    /** Adds the base entries (suffix, the searcher, ou=people) and the given LDIF, to a server just started. */
    public void load(String ldif) throws Exception {
        add("dn: " + SUFFIX + "\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n\n"
                + "dn: " + SEARCHER + "\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: tessera\n"
                + "userPassword: " + SEARCHER_PASSWORD + "\n\n"
                + "dn: ou=people," + SUFFIX + "\nobjectClass: organizationalUnit\nou: people\n\n" + ldif);
    }

    public String url() {
        return "ldap://127.0.0.1:" + port + "/";
    }

    String tlsUrl() {
        return "ldaps://127.0.0.1:" + tlsPort + "/";
    }

    /** The server's certificate (PEM), when started with TLS. */
    Path certificate() {
        return directory.resolve("certificate.pem");
    }

    /** Starts slapd (again, after {@link #stop}) on the same port and database. */
    public void start() throws Exception {
        Path log = directory.resolve("slapd.log");
        String urls = tlsPort == 0 ? url() : url() + " " + tlsUrl();
        process = new ProcessBuilder(SLAPD.toString(), "-h", urls, "-f", config.toString(), "-d", "0")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("slapd does not listen on " + port + ":\n" + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Adds entries with ldapadd as the administrator. */
    void add(String ldif) throws Exception {
        ldapmodify(ldif, "-a");
    }

    /** Changes entries with ldapmodify as the administrator ({@code changetype: modify} records). */
    void modify(String ldif) throws Exception {
        ldapmodify(ldif);
    }

    private void ldapmodify(String ldif, String... options) throws Exception {
        Path file = Files.writeString(Files.createTempFile(directory, "change-", ".ldif"), ldif);
        List<String> command = new ArrayList<>(List.of(LDAPMODIFY.toString(), "-x", "-H", url(), "-D", ADMIN, "-w", ADMIN_PASSWORD,
                "-f", file.toString()));
        command.addAll(List.of(options));
        Process ldapmodify = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(ldapmodify.getInputStream().readAllBytes());
        if (ldapmodify.waitFor() != 0) {
            throw new AssertionError("ldapmodify failed:\n" + output);
        }
    }

    /** The plugin's configuration for this server: people below ou=people, searched as {@link #SEARCHER}. */
    LdapConfiguration configuration(Object... keysAndValues) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("urls", url());
        properties.put("baseDn", "ou=people," + SUFFIX);
        properties.put("bindDn", SEARCHER);
        properties.put(".bindPassword", SEARCHER_PASSWORD);
        properties.put("searchTimeoutMillis", 2000);
        properties.put("connectTimeoutMillis", 2000);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Converters.standardConverter().convert(properties).to(LdapConfiguration.class);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }
}
