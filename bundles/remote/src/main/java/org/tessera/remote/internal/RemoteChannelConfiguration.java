package org.tessera.remote.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = RemoteChannel.PID,
        name = "Tessera remote delivery",
        description = "qmail-rspawn and qmail-remote: where DNS questions go, which addresses are this host's,"
                + " and the SMTP client's extensions beyond qmail (all off by default).")
@interface RemoteChannelConfiguration {

    @AttributeDefinition(name = "DNS server",
            description = "host:port of the DNS server asked for MX and address records. Empty: the system"
                    + " property tessera.dns (set by bin/tessera from TESSERA_DNS), else the system's resolvers.")
    String dns() default "";

    @AttributeDefinition(name = "SMTP port",
            description = "The port of mail exchangers and of hosts found without MX (qmail: 25). A route of"
                    + " smtproutes uses its own port.")
    int port() default 25;

    @AttributeDefinition(name = "Own addresses",
            description = "Addresses or prefixes (192.0.2.7, 127.0.0.0/8, ::1) that count as this host for the"
                    + " self-MX rule. Empty: every interface address plus 127.0.0.0/8 and ::1, as qmail's ipme.")
    String[] ownAddresses() default {};

    @AttributeDefinition(name = "Event loop threads",
            description = "Threads for every connection and DNS answer, whatever the concurrency.")
    int ioThreads() default 2;

    @AttributeDefinition(name = "Body reader threads",
            description = "Threads that read queued messages for DATA (reading a file may block).")
    int readerThreads() default 2;

    @AttributeDefinition(name = "Longest reply",
            description = "Bytes a single SMTP reply may take before the delivery is deferred (qmail reads on"
                    + " for ever).")
    int replyLimit() default 65536;

    @AttributeDefinition(name = "EHLO",
            description = "Say EHLO instead of HELO (falling back to HELO when refused) and use PIPELINING"
                    + " when offered. Beyond qmail.")
    boolean ehlo() default false;

    @AttributeDefinition(name = "STARTTLS",
            description = "Start TLS when the peer offers it (implies EHLO); any certificate is accepted"
                    + " unless the domain is listed under TLS verified domains. Beyond qmail.")
    boolean starttls() default false;

    @AttributeDefinition(name = "TLS verified domains",
            description = "Recipient domains, keyed as smtproutes (domain, .suffix, or empty for all), that"
                    + " need TLS with a certificate that chains to the trust store and names the MX or relay"
                    + " host; without it their deliveries are deferred. Needs STARTTLS.")
    String[] tlsVerifiedDomains() default {};

    @AttributeDefinition(name = "Trust store",
            description = "A PKCS12 or JKS file of trusted certificates for verified domains. Empty: the JDK's.")
    String tlsTrustStore() default "";

    @AttributeDefinition(name = "Trust store password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String tlsTrustStorePassword() default "";

    @AttributeDefinition(name = "Batch recipients",
            description = "Send the recipients of one message that share sender and domain in one SMTP"
                    + " transaction (qmail sends each alone). Beyond qmail.")
    boolean batchRecipients() default false;
}
