package org.tessera.example.sql.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.users.MailUser;
import org.tessera.common.users.Ascii;

/**
 * The database both services ask: a small HikariCP pool over a DataSource of the driver's OSGi
 * {@link DataSourceFactory}, and the two configured queries, each bounded by the timeout. Registered under
 * its own class, which only this bundle sees; a driver that leaves takes it away, and the directory and the
 * checker then answer "try again later".
 */
@Component(service = SqlDatabase.class, configurationPid = SqlDatabase.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SqlDirectoryConfiguration.class)
public final class SqlDatabase {

    /** The configuration PID the three components share. */
    static final String PID = "org.tessera.example.sql";

    /** Above users/cdb ({@code UserDirectory.ASSIGN_RANKING}): an address in the database wins. */
    static final int DEFAULT_RANKING = 350;

    /** The driver when the configuration names none: pgjdbc, which registers its DataSourceFactory itself. */
    static final String DEFAULT_DRIVER = "(osgi.jdbc.driver.class=org.postgresql.Driver)";

    private final HikariDataSource pool;
    private final int timeoutSeconds;
    private final NamedQuery userQuery;
    private final NamedQuery aliasQuery;

    @Activate
    public SqlDatabase(@Reference(name = "dataSourceFactory", target = DEFAULT_DRIVER) DataSourceFactory driver,
            SqlDirectoryConfiguration config) throws SQLException, IOException {
        userQuery = NamedQuery.parse(config.userQuery());
        aliasQuery = NamedQuery.parse(config.aliasQuery());
        timeoutSeconds = Math.max(1, config.timeoutSeconds());
        Properties properties = new Properties();
        properties.setProperty(DataSourceFactory.JDBC_URL, config.url());
        properties.setProperty(DataSourceFactory.JDBC_USER, config.user());
        properties.setProperty(DataSourceFactory.JDBC_PASSWORD, password(config));
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("tessera-sql");
        hikari.setDataSource(driver.createDataSource(properties));
        hikari.setMaximumPoolSize(Math.max(1, config.poolSize()));
        // No connection is opened before the first lookup, so a database that is down does not stop the
        // plugin from starting: its lookups defer until the database is back.
        hikari.setMinimumIdle(0);
        hikari.setInitializationFailTimeout(-1);
        hikari.setConnectionTimeout(timeoutSeconds * 1000L);
        // HikariCP wants the check of a kept connection to end within the wait for one.
        hikari.setValidationTimeout(timeoutSeconds * 500L);
        hikari.setReadOnly(true);
        pool = new HikariDataSource(hikari);
    }

    @Deactivate
    void deactivate() {
        pool.close();
    }

    /** The configured domains, lower case; empty for every domain. */
    static Set<String> domains(SqlDirectoryConfiguration config) {
        Set<String> domains = new HashSet<>();
        for (String domain : config.domains()) {
            domains.add(Ascii.lower(domain.strip()));
        }
        return Set.copyOf(domains);
    }

    /** The values of the named parameters for an address (already lower case) and extension. */
    static Map<String, String> parameters(String local, String domain, String ext) {
        return Map.of("local", local, "domain", domain, "ext", ext, "address", local + "@" + domain);
    }

    /**
     * The mailbox the user query finds, the first row if several.
     *
     * @throws IOException when the database cannot answer within the timeout, or its row is unusable
     */
    Optional<SqlAccount> account(Map<String, String> parameters) throws IOException {
        return query(userQuery, parameters, rows -> {
            if (!rows.next()) {
                return Optional.empty();
            }
            long uid = rows.getLong("pw_uid");
            long gid = rows.getLong("pw_gid");
            String home = rows.getString("pw_dir");
            String password = rows.getString("pw_passwd");
            String address = parameters.get("address");
            if (uid < 0 || uid > MailUser.MAX_ID || gid < 0 || gid > MailUser.MAX_ID) {
                throw new IOException("SQL row of " + address + ": pw_uid or pw_gid out of range (#4.3.0)");
            }
            if (home == null || !home.startsWith("/")) {
                throw new IOException("SQL row of " + address + ": pw_dir is not an absolute path (#4.3.0)");
            }
            return Optional.of(new SqlAccount(uid, gid, home, password == null ? "" : password));
        });
    }

    /**
     * The alias query's lines, in the order the database gives them; none when the address is no alias.
     *
     * @throws IOException when the database cannot answer within the timeout
     */
    List<String> aliasLines(Map<String, String> parameters) throws IOException {
        return query(aliasQuery, parameters, rows -> {
            List<String> lines = new ArrayList<>();
            while (rows.next()) {
                String line = rows.getString(1);
                if (line != null) {
                    lines.add(line);
                }
            }
            return lines;
        });
    }

    private <T> T query(NamedQuery query, Map<String, String> parameters, Rows<T> read) throws IOException {
        try (Connection connection = pool.getConnection()) {
            try (PreparedStatement statement = query.prepare(connection, parameters, timeoutSeconds);
                    ResultSet rows = statement.executeQuery()) {
                return read.from(rows);
            } catch (SQLException e) {
                // It may be the connection that broke (the server restarted): the next lookup takes a fresh one.
                pool.evictConnection(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Reads a query's result. */
    @FunctionalInterface
    private interface Rows<T> {
        T from(ResultSet rows) throws SQLException, IOException;
    }

    // The pool's timeout says only that no connection came: the driver's reason is its cause.
    private static IOException failed(SQLException e) {
        String why = e.getCause() instanceof SQLException cause ? cause.getMessage() : e.getMessage();
        return new IOException("SQL user database unavailable: " + why + " (#4.3.0)", e);
    }

    private static String password(SqlDirectoryConfiguration config) throws IOException {
        if (config.passwordFile().isEmpty()) {
            return config._password();
        }
        Path file = Path.of(System.getProperty("karaf.etc", ".")).resolve(config.passwordFile());
        return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }
}
