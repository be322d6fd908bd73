package org.tessera.example.ldap.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;

/**
 * The directory server as both components use it: a small pool of connections bound as the configured DN,
 * searches that find at most one entry, and binds that check a user's password.
 *
 * <p>The UnboundID LDAP SDK rather than the JDK's JNDI: it is an OSGi bundle as published, with no
 * dependencies, and its pool, failover server set, per-request timeouts and bind-and-revert are what JNDI
 * leaves to the caller (JNDI's pooling is configured by system properties for the whole JVM, and its
 * provider is looked up through the thread context class loader, which OSGi does not set).
 */
final class LdapServer implements AutoCloseable {

    /** The configuration PID both components share. */
    static final String PID = "org.tessera.example.ldap";

    private final LDAPConnectionPool pool;
    private final String baseDn;
    private final int searchTimeoutMillis;

    LdapServer(LdapConfiguration config) throws LDAPException, IOException, GeneralSecurityException {
        if (config.baseDn() == null || config.baseDn().isBlank()) {
            throw new IllegalArgumentException("baseDn is not set");
        }
        this.baseDn = config.baseDn();
        this.searchTimeoutMillis = config.searchTimeoutMillis();
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(config.connectTimeoutMillis());
        options.setResponseTimeoutMillis(config.searchTimeoutMillis());
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        SSLSocketFactory tls = config.trustedCertificates().isEmpty()
                // The JVM's own trust, so that javax.net.ssl.trustStore counts as for every other client.
                ? SSLContext.getDefault().getSocketFactory()
                : new SSLUtil(new PEMFileTrustManager(new File(config.trustedCertificates()))).createSSLSocketFactory();
        List<ServerSet> servers = new ArrayList<>();
        // A .cfg file gives the list as one string: its URLs are split at commas and blanks, which no URL holds.
        for (String text : String.join(" ", config.urls()).strip().split("[,\\s]+")) {
            LDAPURL url = new LDAPURL(text);
            boolean ldaps = url.getScheme().equals("ldaps");
            servers.add(ldaps ? new SingleServerSet(url.getHost(), url.getPort(), tls, options)
                    : new SingleServerSet(url.getHost(), url.getPort(), options));
        }
        BindRequest bind = config.bindDn().isEmpty() ? null : new SimpleBindRequest(config.bindDn(), bindPassword(config));
        // No connection at start: a server that is down when the plugin starts defers mail, it does not stop the plugin.
        this.pool = new LDAPConnectionPool(new FailoverServerSet(servers), bind, 0, Math.max(1, config.maxConnections()),
                config.startTls() ? new StartTLSPostConnectProcessor(tls) : null, false);
        // A connection the server closed (a restart, an idle timeout) is replaced once instead of failing the lookup.
        pool.setRetryFailedOperationsDueToInvalidConnections(EnumSet.of(OperationType.SEARCH, OperationType.BIND));
        pool.setMaxWaitTimeMillis(config.searchTimeoutMillis());
    }

    private static String bindPassword(LdapConfiguration config) throws IOException {
        if (config.bindPasswordFile().isEmpty()) {
            return config._bindPassword();
        }
        String text = Files.readString(Path.of(config.bindPasswordFile()));
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** The template with each {@code {name}} replaced by the value, escaped for a filter (RFC 4515). */
    static String filter(String template, String name, String value) {
        return template.replace("{" + name + "}", Filter.encodeValue(value));
    }

    /**
     * The one entry the filter finds below the base DN.
     *
     * @throws IOException when the server cannot be asked, fails, or finds more than one entry: which of them
     *         the mail is for cannot be told, so the caller defers until the directory is mended
     */
    Optional<SearchResultEntry> findOne(String filter, String... attributes) throws IOException {
        try {
            SearchRequest request = new SearchRequest(baseDn, SearchScope.SUB, Filter.create(filter), attributes);
            request.setSizeLimit(2);
            request.setTimeLimitSeconds(Math.max(1, searchTimeoutMillis / 1000));
            request.setResponseTimeoutMillis(searchTimeoutMillis);
            SearchResult result = pool.search(request);
            if (result.getEntryCount() > 1) {
                throw new IOException("LDAP: more than one entry matches " + filter);
            }
            return result.getSearchEntries().stream().findFirst();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                throw new IOException("LDAP: more than one entry matches " + filter);
            }
            throw new IOException("LDAP search failed: " + e.getResultCode(), e);
        } catch (LDAPException e) {
            throw new IOException("LDAP search failed: " + e.getResultCode(), e);
        }
    }

    /**
     * Whether the password is the entry's, by a bind as the entry (the pool's connection then binds back).
     *
     * @throws IOException when the server cannot tell now
     */
    boolean passwordMatches(String dn, byte[] password) throws IOException {
        try {
            pool.bindAndRevertAuthentication(new SimpleBindRequest(dn, password));
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                return false;
            }
            throw new IOException("LDAP bind failed: " + e.getResultCode(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
