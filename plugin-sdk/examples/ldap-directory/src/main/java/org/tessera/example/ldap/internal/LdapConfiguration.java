package org.tessera.example.ldap.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of {@link LdapUserDirectory} and {@link LdapPasswordChecker}, shared by both (one directory
 * server, one schema): the server, the searches and qmail-ldap's attribute names.
 */
@ObjectClassDefinition(
        id = LdapServer.PID,
        name = "Tessera example: LDAP user directory and password checker",
        description = "Recipients, homes, aliases, forwarding addresses and passwords kept in LDAP, in qmail-ldap's schema."
                + " The service.ranking property places both services in their chains (default "
                + LdapUserDirectory.RANKING + " for the directory, above users/cdb's 300; "
                + LdapPasswordChecker.RANKING + " for the checker).")
@interface LdapConfiguration {

    /** How a password is checked. */
    enum PasswordCheck {
        /** A bind as the user's entry: the server checks, whatever scheme it stores. */
        BIND,
        /** The entry's userPassword read (the bind DN must be allowed to) and checked here. */
        COMPARE
    }

    @AttributeDefinition(
            name = "Server URLs",
            description = "ldap://host:port/ or ldaps://host:port/; several are tried in order (failover).")
    String[] urls() default "ldap://127.0.0.1:389/";

    @AttributeDefinition(
            name = "StartTLS",
            description = "Upgrades each ldap:// connection with StartTLS (see trustedCertificates).")
    boolean startTls() default false;

    @AttributeDefinition(
            name = "Trusted certificates",
            description = "A PEM file of the certificates (a CA's, or the server's own) that ldaps:// and StartTLS trust;"
                    + " empty: the JVM's trusted certificates. The server's name or address must be in its certificate.")
    String trustedCertificates() default "";

    @AttributeDefinition(
            name = "Bind DN",
            description = "The DN the searches bind as; empty: anonymous.")
    String bindDn() default "";

    // The key is .bindPassword: Declarative Services keeps properties with a leading dot out of the service's.
    @AttributeDefinition(
            name = "Bind password",
            type = AttributeType.PASSWORD,
            description = "The bind DN's password, key .bindPassword; bindPasswordFile keeps it out of etc/.")
    String _bindPassword() default "";

    @AttributeDefinition(
            name = "Bind password file",
            description = "A file whose first line is the bind DN's password (as ldapsearch -y reads it); wins over bindPassword.")
    String bindPasswordFile() default "";

    @AttributeDefinition(
            name = "Base DN",
            description = "Where the searches start (subtree), e.g. ou=people,dc=example,dc=com.")
    String baseDn();

    @AttributeDefinition(
            name = "Recipient filter",
            description = "Finds the entry of a recipient address; {address} is the address, escaped.")
    String recipientFilter() default "(&(objectClass=qmailUser)(|(mail={address})(mailAlternateAddress={address})))";

    @AttributeDefinition(
            name = "Login filter",
            description = "Finds the entry of a POP3 or SMTP AUTH login; {login} is the login, escaped.")
    String loginFilter() default "(&(objectClass=qmailUser)(uid={login}))";

    @AttributeDefinition(
            name = "Password check",
            description = "BIND: bind as the user's entry; COMPARE: read userPassword and check its hash here"
                    + " ({SSHA}, {SHA512-CRYPT}, {BLF-CRYPT}, {ARGON2ID}, {CRYPT}$6$..., ...).")
    PasswordCheck passwordCheck() default PasswordCheck.BIND;

    @AttributeDefinition(name = "Login attribute", description = "The account name (USER), as qmail-ldap's uid.")
    String loginAttribute() default "uid";

    @AttributeDefinition(name = "Address attribute", description = "The entry's own address.")
    String mailAttribute() default "mail";

    @AttributeDefinition(name = "Forwarding attribute", description = "Addresses mail for the entry is forwarded to.")
    String forwardingAttribute() default "mailForwardingAddress";

    @AttributeDefinition(name = "Home attribute", description = "The home directory; mail lands in its Maildir/.")
    String homeAttribute() default "mailMessageStore";

    @AttributeDefinition(name = "UID attribute", description = "The uid deliveries run as.")
    String uidAttribute() default "qmailUID";

    @AttributeDefinition(name = "GID attribute", description = "The gid deliveries run as.")
    String gidAttribute() default "qmailGID";

    @AttributeDefinition(name = "Password attribute", description = "The stored password (COMPARE only).")
    String passwordAttribute() default "userPassword";

    @AttributeDefinition(name = "Status attribute", description = "active, noaccess, disabled or deleted (qmail-ldap).")
    String accountStatusAttribute() default "accountStatus";

    @AttributeDefinition(name = "Delivery mode attribute", description = "nolocal, noforward (qmail-ldap); others are ignored.")
    String deliveryModeAttribute() default "deliveryMode";

    @AttributeDefinition(
            name = "Message store prefix",
            description = "Prefix of a relative home attribute (qmail-ldap's control/ldapmessagestore); empty: relative homes defer.")
    String messageStorePrefix() default "";

    @AttributeDefinition(
            name = "Default uid",
            description = "uid of an entry without one (qmail-ldap's ldapuid); -1: the alias user's (owner of alias/).")
    long defaultUid() default -1;

    @AttributeDefinition(
            name = "Default gid",
            description = "gid of an entry without one (qmail-ldap's ldapgid); -1: the alias user's (owner of alias/).")
    long defaultGid() default -1;

    @AttributeDefinition(
            name = "Forwarding user",
            description = "The account that carries out forwarding entries' .qmail files.")
    String forwardingUser() default "alias";

    @AttributeDefinition(name = "Forwarding uid", description = "-1: the alias user's (owner of alias/).")
    long forwardingUid() default -1;

    @AttributeDefinition(name = "Forwarding gid", description = "-1: the alias user's (owner of alias/).")
    long forwardingGid() default -1;

    @AttributeDefinition(
            name = "Forwarding home",
            description = "The directory this plugin keeps the forwarding .qmail files in; empty: ldap-forwarding/ in the home.")
    String forwardingHome() default "";

    @AttributeDefinition(name = "Connect timeout", description = "Milliseconds to connect to a server.")
    int connectTimeoutMillis() default 5_000;

    @AttributeDefinition(
            name = "Search timeout",
            description = "Milliseconds for an answer (and for a free connection); past it the delivery defers, the login fails temporarily.")
    int searchTimeoutMillis() default 10_000;

    @AttributeDefinition(name = "Connections", description = "Most connections kept open to the server.")
    int maxConnections() default 4;
}
