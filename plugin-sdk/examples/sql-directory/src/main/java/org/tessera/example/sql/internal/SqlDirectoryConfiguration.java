package org.tessera.example.sql.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the SQL directory, shared by {@link SqlDatabase}, {@link SqlUserDirectory} and
 * {@link SqlPasswordChecker}: where the database is, the two queries, and the forwarding account.
 */
@ObjectClassDefinition(
        id = SqlDatabase.PID,
        name = "Tessera example: SQL user directory",
        description = "Users and passwords from a SQL database (vpopmail's tables by default), through the OSGi JDBC service.")
@interface SqlDirectoryConfiguration {

    @AttributeDefinition(
            name = "JDBC driver",
            description = "Filter selecting the driver's DataSourceFactory service, by osgi.jdbc.driver.class"
                    + " (H2: org.h2.Driver; PostgreSQL: org.postgresql.Driver).")
    String dataSourceFactory_target() default SqlDatabase.DEFAULT_DRIVER;

    @AttributeDefinition(
            name = "URL",
            description = "The JDBC URL. Put the driver's socket timeout in it too (pgjdbc and Connector/J: socketTimeout),"
                    + " so that a database that stops answering mid-query cannot hold a delivery.")
    String url() default "jdbc:postgresql://127.0.0.1/vpopmail";

    @AttributeDefinition(name = "User", description = "The database user.")
    String user() default "vpopmail";

    // ".password": a property whose name starts with a dot is not copied into the service properties,
    // where every bundle and console user could read it.
    @AttributeDefinition(
            name = "Password",
            description = "The database user's password (key .password); ignored when a password file is set.",
            type = AttributeType.PASSWORD)
    String _password() default "";

    @AttributeDefinition(
            name = "Password file",
            description = "A file whose first line is the database password, kept out of etc/'s configuration;"
                    + " a relative name is taken in the etc directory.")
    String passwordFile() default "";

    @AttributeDefinition(name = "Connections", description = "The most connections the pool keeps open.")
    int poolSize() default 4;

    @AttributeDefinition(
            name = "Timeout",
            description = "Seconds to wait for a connection and for each query; past it the delivery is deferred"
                    + " and the login fails temporarily.")
    int timeoutSeconds() default 5;

    @AttributeDefinition(
            name = "User query",
            description = "Finds a mailbox: one row with the columns pw_uid, pw_gid, pw_dir and pw_passwd (use AS in"
                    + " other layouts). Named parameters: :local, :domain, :ext, :address (local@domain), lower case.")
    String userQuery() default "SELECT pw_uid, pw_gid, pw_dir, pw_passwd FROM vpopmail"
            + " WHERE pw_name = :local AND pw_domain = :domain";

    @AttributeDefinition(
            name = "Alias query",
            description = "Finds an alias or forward: one .qmail line per row, in the first column. The same named"
                    + " parameters; :ext is always empty.")
    String aliasQuery() default "SELECT valias_line FROM valias WHERE alias = :local AND domain = :domain"
            + " ORDER BY valias_line";

    @AttributeDefinition(
            name = "Domains",
            description = "The domains whose addresses and logins are looked up; empty: every domain. Others never"
                    + " reach the database, so mail to them (postmaster of the server's own name) flows while it is down.")
    String[] domains() default {};

    @AttributeDefinition(
            name = "Default domain",
            description = "The domain of a login name without @; empty: such logins are not this checker's.")
    String defaultDomain() default "";

    @AttributeDefinition(
            name = "Forwarding user",
            description = "The account name ($USER) of the forwarding account, which delivers the alias entries.")
    String forwardingUser() default "alias";

    @AttributeDefinition(
            name = "Forwarding home",
            description = "The directory where this plugin keeps one .qmail file per alias entry; the forwarding"
                    + " account is its owner. Empty: valias in the Tessera home, created owned like alias/.")
    String forwardingHome() default "";

    @AttributeDefinition(
            name = "Program lines",
            description = "Whether |program lines of the alias table are carried out (as the forwarding account);"
                    + " off, an entry holding one is deferred.")
    boolean programLines() default false;

    @AttributeDefinition(
            name = "Ranking",
            description = "Where the directory and the checker stand in their chains: the highest is asked first"
                    + " (users/cdb is 300, so the default asks the database first).")
    int service_ranking() default SqlDatabase.DEFAULT_RANKING;
}
