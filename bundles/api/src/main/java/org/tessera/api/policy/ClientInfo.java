package org.tessera.api.policy;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The connection a session came in on: what tcpserver puts in the {@code TCP*} environment
 * (tcpserver(1), tcp-environ(5)), and which listener accepted it. An empty string stands for
 * a variable tcpserver leaves unset.
 *
 * @param listener the listener's name, which also names its rules ({@code smtp} uses
 *        {@code control/tcp.smtp}); for example {@code smtp}, {@code submission}, {@code pop3},
 *        {@code qmtp}, {@code qmqp}
 * @param remoteIp {@code TCPREMOTEIP}, the client's address in textual form (dotted decimal for IPv4)
 * @param remotePort {@code TCPREMOTEPORT}, 0 when there is none
 * @param localIp {@code TCPLOCALIP}, the address the client connected to
 * @param localPort {@code TCPLOCALPORT}, 0 when there is none
 * @param remoteHost {@code TCPREMOTEHOST}, the client's lower-cased reverse-DNS name; empty when unknown
 * @param remoteInfo {@code TCPREMOTEINFO}, the ident answer; empty when unknown
 * @param localHost {@code TCPLOCALHOST}, this side's name; empty when unknown
 */
@ProviderType
public record ClientInfo(String listener, String remoteIp, int remotePort, String localIp, int localPort,
        String remoteHost, String remoteInfo, String localHost) {

    /**
     * Validates the components.
     *
     * @param listener not null, not empty
     * @param remoteIp not null, not empty
     * @param remotePort 0 to 65535
     * @param localIp not null, not empty
     * @param localPort 0 to 65535
     * @param remoteHost not null
     * @param remoteInfo not null
     * @param localHost not null
     * @throws NullPointerException when a string is null
     * @throws IllegalArgumentException when a required string is empty or a port is out of range
     */
    public ClientInfo {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(remoteIp, "remoteIp");
        Objects.requireNonNull(localIp, "localIp");
        Objects.requireNonNull(remoteHost, "remoteHost");
        Objects.requireNonNull(remoteInfo, "remoteInfo");
        Objects.requireNonNull(localHost, "localHost");
        if (listener.isEmpty() || remoteIp.isEmpty() || localIp.isEmpty()) {
            throw new IllegalArgumentException("listener, remoteIp and localIp must not be empty");
        }
        if (remotePort < 0 || remotePort > 65535 || localPort < 0 || localPort > 65535) {
            throw new IllegalArgumentException("port out of range: " + remotePort + ", " + localPort);
        }
    }
}
