package org.tessera.itests.karaf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's OpenLDAP slapd for an itest: a slapd.conf under target/ with the mdb backend, the schemas qmail-ldap
 * builds on and the part of qmail-ldap's own that the SDK's LDAP example reads (the example's test resource),
 * on a free loopback port; the base entries and the test's own are loaded with ldapadd.
 */
final class Slapd {

    static final String SUFFIX = "dc=example,dc=com";
    static final String SEARCHER = "cn=tessera," + SUFFIX;
    static final String SEARCHER_PASSWORD = "search-secret";

    private static final String ADMIN = "cn=admin," + SUFFIX;
    private static final String ADMIN_PASSWORD = "admin-secret";
    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path LDAPADD = Path.of("/usr/bin/ldapadd");
    private static final Path SCHEMA = Path.of("../../plugin-sdk/examples/ldap-directory/src/test/resources/org/tessera/example/ldap/internal/qmail.schema")
            .toAbsolutePath().normalize();

    private final Path directory;
    private final int port;
    private Process process;
    private boolean loaded;

    private Slapd(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** A server's directory and port, chosen now so that the configuration can name it; started by {@link #start}. */
    static Slapd prepare(String name) {
        try {
            return new Slapd(TestHome.fresh(name), TestHome.freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean available() {
        return Files.isExecutable(SLAPD) && Files.isExecutable(LDAPADD);
    }

    String url() {
        return "ldap://127.0.0.1:" + port + "/";
    }

    /** Starts slapd; the first time also writes its configuration and loads the base entries. */
    void start() throws Exception {
        Path config = directory.resolve("slapd.conf");
        if (!Files.exists(config)) {
            Files.createDirectories(directory.resolve("db"));
            Files.writeString(config, String.join("\n",
                    "include /etc/ldap/schema/core.schema",
                    "include /etc/ldap/schema/cosine.schema",
                    "include /etc/ldap/schema/inetorgperson.schema",
                    "include /etc/ldap/schema/nis.schema",
                    "include " + SCHEMA,
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
        Path log = directory.resolve("slapd.log");
        process = new ProcessBuilder(SLAPD.toString(), "-h", url(), "-f", config.toString(), "-d", "0")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                break;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("slapd does not listen on " + port + ":\n" + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
        if (!loaded) {
            add("dn: " + SUFFIX + "\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n\n"
                    + "dn: " + SEARCHER + "\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: tessera\n"
                    + "userPassword: " + SEARCHER_PASSWORD + "\n\n"
                    + "dn: ou=people," + SUFFIX + "\nobjectClass: organizationalUnit\nou: people\n");
            loaded = true;
        }
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Adds entries with ldapadd as the administrator. */
    void add(String ldif) throws Exception {
        Path file = Files.writeString(Files.createTempFile(directory, "add-", ".ldif"), ldif);
        Process ldapadd = new ProcessBuilder(LDAPADD.toString(), "-x", "-H", url(), "-D", ADMIN, "-w", ADMIN_PASSWORD,
                "-f", file.toString()).redirectErrorStream(true).start();
        String output = new String(ldapadd.getInputStream().readAllBytes());
        if (ldapadd.waitFor() != 0) {
            throw new AssertionError("ldapadd failed:\n" + output);
        }
    }
}
