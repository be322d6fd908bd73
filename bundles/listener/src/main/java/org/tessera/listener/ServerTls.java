package org.tessera.listener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.net.ssl.SSLException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.control.ControlFiles;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * The server's TLS, once for every listener: the certificate and key named in
 * {@code etc/org.tessera.tls.cfg}, or, when none is named, a self-signed certificate for
 * {@code control/me} that the first start makes in {@code etc/tls/}. The files are looked at again at
 * most every {@code checkSeconds}, when a listener asks for the context of a new handshake: a certificate
 * renewed on disk is taken without a restart, and the sessions already encrypted keep theirs. A renewed
 * pair that cannot be read (a key written before its certificate) leaves the one in use in place until
 * both files agree.
 */
@Component(service = ServerTls.class, configurationPid = ServerTls.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TlsConfiguration.class)
public final class ServerTls {

    static final String PID = "org.tessera.tls";
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    /**
     * The certificate in use.
     *
     * @param subject the server certificate's subject
     * @param notAfter when it expires
     * @param fingerprint its SHA-256 fingerprint, colon-separated hex
     * @param certificateFile the file it was read from
     * @param keyFile the key's file
     * @param selfSigned whether it is the one Tessera made
     * @param loaded when it was read
     */
    public record InUse(String subject, Instant notAfter, String fingerprint, Path certificateFile, Path keyFile,
            boolean selfSigned, Instant loaded) {
    }

    private record Loaded(SslContext context, InUse inUse, List<Object> fileStamps) {
    }

    @Reference
    ControlFiles control;

    private final Clock clock;
    private Path certificateFile;
    private Path keyFile;
    private boolean selfSigned;
    private String[] protocols;
    private long checkNanos;
    private volatile Loaded loaded;
    private volatile String problem = "";
    private long lastCheckNanos;

    public ServerTls() {
        this(Clock.systemUTC());
    }

    ServerTls(Clock clock) {
        this.clock = clock;
    }

    @Activate
    @Modified
    synchronized void activate(TlsConfiguration configuration) {
        Path home = control.home();
        selfSigned = configuration.certificate().isBlank();
        certificateFile = home.resolve(selfSigned ? "etc/tls/tessera.crt" : configuration.certificate().strip());
        keyFile = home.resolve(configuration.key().isBlank() ? "etc/tls/tessera.key" : configuration.key().strip());
        protocols = Arrays.stream(configuration.protocols().split("[,\\s]+")).filter(p -> !p.isEmpty())
                .toArray(String[]::new);
        checkNanos = Math.max(0, configuration.checkSeconds()) * 1_000_000_000L;
        loaded = null;
        try {
            if (selfSigned && !Files.exists(certificateFile)) {
                String host = control.me().orElse("localhost");
                CertificateFiles.createSelfSigned(host, certificateFile, keyFile, clock.instant());
                LOG.warn("TLS: no certificate is configured; made a self-signed one for {} in {} (name yours in"
                        + " etc/org.tessera.tls.cfg: certificate, key)", host, certificateFile);
            }
            load();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            problem = e.toString();
            LOG.error("TLS: cannot use {} and {}: {}; listeners offer no TLS until it is mended", certificateFile,
                    keyFile, e.toString());
        }
        lastCheckNanos = System.nanoTime();
    }

    /**
     * The context for a new handshake, after a look at the files when the last one is older than the
     * check interval; empty while no certificate could be read.
     */
    public Optional<SslContext> context() {
        long now = System.nanoTime();
        synchronized (this) {
            if (now - lastCheckNanos >= checkNanos) {
                lastCheckNanos = now;
                reloadIfChanged();
            }
        }
        Loaded current = loaded;
        return current == null ? Optional.empty() : Optional.of(current.context());
    }

    /** The certificate in use, empty while none could be read. */
    public Optional<InUse> inUse() {
        Loaded current = loaded;
        return current == null ? Optional.empty() : Optional.of(current.inUse());
    }

    /** Why no certificate, or not the newest one on disk, is in use; empty when all is well. */
    public String problem() {
        return problem;
    }

    /** Reads the files again now, changed or not ({@code ctl tls reload}); the new certificate is returned. */
    public synchronized InUse reload() throws IOException, GeneralSecurityException {
        try {
            load();
            return loaded.inUse();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            problem = e.toString();
            throw e;
        }
    }

    private void reloadIfChanged() {
        Loaded current = loaded;
        try {
            if (current != null && current.fileStamps().equals(stamps())) {
                return;
            }
            load();
            LOG.info("TLS: now using {} (expires {})", certificateFile, loaded.inUse().notAfter());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (!e.toString().equals(problem)) {
                LOG.warn("TLS: cannot read {} and {}: {}; {}", certificateFile, keyFile, e.toString(),
                        current == null ? "no TLS until it is mended" : "the certificate read before stays in use");
            }
            problem = e.toString();
        }
    }

    private void load() throws IOException, GeneralSecurityException {
        List<Object> stamps = stamps();
        CertificateFiles files = CertificateFiles.read(certificateFile, keyFile);
        SslContext context;
        try {
            context = SslContextBuilder.forServer(files.key(), files.chain()).sslProvider(SslProvider.JDK)
                    .protocols(protocols).build();
        } catch (SSLException e) {
            throw new GeneralSecurityException("cannot build a TLS context: " + e.getMessage(), e);
        }
        InUse inUse = new InUse(files.chain().get(0).getSubjectX500Principal().getName(),
                files.chain().get(0).getNotAfter().toInstant(), files.fingerprint(), certificateFile, keyFile,
                selfSigned, clock.instant());
        loaded = new Loaded(context, inUse, stamps);
        problem = "";
    }

    // What tells a renewed file: its identity (certbot's symlinks point to a new one), time and size.
    private List<Object> stamps() throws IOException {
        BasicFileAttributes certificate = Files.readAttributes(certificateFile, BasicFileAttributes.class);
        BasicFileAttributes key = Files.readAttributes(keyFile, BasicFileAttributes.class);
        return List.of(Objects.toString(certificate.fileKey()), certificate.lastModifiedTime(), certificate.size(),
                Objects.toString(key.fileKey()), key.lastModifiedTime(), key.size());
    }
}
