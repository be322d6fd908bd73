package org.tessera.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.Authentication;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.TlsParameters;

/**
 * Builds the {@link MailTransaction} the SMTP listener hands its hooks (HELO, sender and relay policies,
 * message filters): by default a client at {@code 192.0.2.7} on the {@code smtp} listener that said
 * {@code HELO client.example.org}, without TLS or authentication, sending from {@code joe@example.org}
 * to no recipient yet.
 *
 * <pre>{@code
 * MailTransaction submission = TestTransaction.from("192.0.2.7").authenticated("joe", "PLAIN")
 *         .sender("joe@example.org").recipients("sue@example.com").build();
 * }</pre>
 */
public final class TestTransaction {

    private String listener = "smtp";
    private final String remoteIp;
    private String helo = "client.example.org";
    private Map<String, String> environment = Map.of();
    private TlsParameters tls;
    private Authentication authentication;
    private MailAddress sender = new MailAddress("joe", "example.org");
    private final List<MailAddress> recipients = new ArrayList<>();

    private TestTransaction(String remoteIp) {
        this.remoteIp = remoteIp;
    }

    /** A transaction of a client at {@code remoteIp}. */
    public static TestTransaction from(String remoteIp) {
        return new TestTransaction(remoteIp);
    }

    /** The listener the client came to ({@code smtp}, {@code submission}, ...). */
    public TestTransaction listener(String name) {
        this.listener = name;
        return this;
    }

    /** The name the client gave in HELO or EHLO; {@code null} before it gave one. */
    public TestTransaction helo(String name) {
        this.helo = name;
        return this;
    }

    /** The environment the connection rules gave the client ({@code RELAYCLIENT}, ...). */
    public TestTransaction environment(Map<String, String> variables) {
        this.environment = Map.copyOf(variables);
        return this;
    }

    /** A session in TLS 1.3. */
    public TestTransaction tls() {
        this.tls = new TlsParameters("TLSv1.3", "TLS_AES_256_GCM_SHA384");
        return this;
    }

    /** A client that logged in as {@code user} with {@code mechanism}. */
    public TestTransaction authenticated(String user, String mechanism) {
        this.authentication = new Authentication(user, mechanism);
        return this;
    }

    /** The envelope sender ({@code ""}: the null sender); {@code null} before MAIL. */
    public TestTransaction sender(String address) {
        this.sender = address == null ? null : MailAddress.parse(address);
        return this;
    }

    /** Recipients accepted so far, in order. */
    public TestTransaction recipients(String... addresses) {
        for (String address : addresses) {
            recipients.add(MailAddress.parse(address));
        }
        return this;
    }

    /** The transaction, a snapshot of what was set. */
    public MailTransaction build() {
        return new Snapshot(new ClientInfo(listener, remoteIp, 40123, "127.0.0.1", 25, "", "", ""), environment,
                Optional.ofNullable(helo), Optional.ofNullable(tls), Optional.ofNullable(authentication),
                Optional.ofNullable(sender), List.copyOf(recipients));
    }

    private record Snapshot(ClientInfo client, Map<String, String> environment, Optional<String> helo,
            Optional<TlsParameters> tls, Optional<Authentication> authentication, Optional<MailAddress> sender,
            List<MailAddress> recipients) implements MailTransaction {
    }
}
