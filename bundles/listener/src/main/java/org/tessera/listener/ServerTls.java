package org.tessera.listener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.listener.CertificateInfo;
import org.tessera.api.listener.ServerCertificate;
import org.tessera.api.metrics.Gauge;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * The server's TLS, once for every listener: the certificate and key named in
 * {@code etc/org.tessera.tls.cfg}, or, when none is named, a self-signed certificate for
 * {@code control/me} that the first start makes in {@code etc/tls/}. The files are looked at again every
 * {@code checkSeconds} by a thread of their own, never by a listener's I/O thread on its way into a
 * handshake (a slow or hung file system would stall every session on that thread): a certificate renewed
 * on disk is taken without a restart, and the sessions already encrypted keep theirs. A renewed pair that
 * cannot be read (a key written before its certificate) leaves the one in use in place until both files
 * agree.
 *
 * <p>With a {@link Metrics} service, the time left until the certificate in use expires is the gauge
 * {@value #EXPIRY_NAME}, read at each scrape, so an alert can fire before a renewal that did not happen
 * turns every handshake into a failure.
 */
@Component(service = {ServerTls.class, ServerCertificate.class}, configurationPid = ServerTls.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TlsConfiguration.class)
public final class ServerTls implements ServerCertificate, AutoCloseable {

    static final String PID = "org.tessera.tls";
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    static final String EXPIRY_NAME = "tessera_tls_certificate_expiry_seconds";
    static final MeterId EXPIRY = MeterId.of(EXPIRY_NAME,
            "Seconds until the certificate the TLS listeners use now expires (negative once it has); NaN while none"
                    + " could be read.");

    /**
     * Where the certificate is and how it is used.
     *
     * @param certificate the PEM certificate file, relative to the home; empty: a self-signed one in
     *        {@code etc/tls/tessera.crt}, made when missing
     * @param key the PEM key file, relative to the home; empty: {@code etc/tls/tessera.key}
     * @param protocols the TLS versions offered
     * @param checkInterval the time between two looks at the files; zero: only {@link #reload()} reads them
     */
    public record Settings(String certificate, String key, List<String> protocols, Duration checkInterval) {
    }

    private record Loaded(SslContext context, CertificateInfo certificate, List<Object> fileStamps) {
    }

    @Reference
    ControlFiles control;

    private final Clock clock;
    private Path certificateFile;
    private Path keyFile;
    private boolean selfSigned;
    private String[] protocols;
    private volatile Loaded loaded;
    private volatile String problem = "";
    // Guarded by this: the thread that looks at the files, made at the first configuration that asks for it.
    private ScheduledExecutorService watcher;
    private ScheduledFuture<?> watching;
    // Guarded by this; the registration on the metrics service bound now, if one is.
    private Metrics metrics;
    private Gauge expiry;

    public ServerTls() {
        this(Clock.systemUTC());
    }

    ServerTls(Clock clock) {
        this.clock = clock;
    }

    /** A server TLS outside DS (a listener embedded in a test or a tool), set up at once. */
    public static ServerTls over(ControlFiles control, Settings settings) {
        ServerTls tls = new ServerTls();
        tls.control = control;
        tls.configure(settings);
        return tls;
    }

    @Activate
    @Modified
    void activate(TlsConfiguration configuration) {
        String curves = configuration.curveArithmetic().strip();
        if (curves.equalsIgnoreCase("jdk")) {
            CurveArithmetic.remove();
        } else {
            if (!curves.equalsIgnoreCase("bouncycastle")) {
                LOG.warn("TLS: curveArithmetic = {} is neither bouncycastle nor jdk (etc/{}.cfg); using bouncycastle",
                        curves, PID);
            }
            CurveArithmetic.install();
        }
        configure(new Settings(configuration.certificate(), configuration.key(),
                Arrays.asList(configuration.protocols().split("[,\\s]+")),
                Duration.ofSeconds(Math.max(0, configuration.checkSeconds()))));
    }

    /** Takes these settings: the certificate is read (or made) now, and used from the next handshake on. */
    public synchronized void configure(Settings settings) {
        Path home = control.home();
        selfSigned = settings.certificate().isBlank();
        certificateFile = home.resolve(selfSigned ? "etc/tls/tessera.crt" : settings.certificate().strip());
        keyFile = home.resolve(settings.key().isBlank() ? "etc/tls/tessera.key" : settings.key().strip());
        protocols = settings.protocols().stream().map(String::strip).filter(p -> !p.isEmpty()).toArray(String[]::new);
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
        watch(settings.checkInterval());
    }

    private void watch(Duration interval) {
        if (watching != null) {
            watching.cancel(false);
            watching = null;
        }
        if (interval.isZero()) {
            return;
        }
        if (watcher == null) {
            watcher = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "tessera-tls-files");
                thread.setDaemon(true);
                return thread;
            });
        }
        long nanos = interval.toNanos();
        watching = watcher.scheduleWithFixedDelay(this::lookAtFiles, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops looking at the files; the certificate in use stays usable for the handshakes still under way. */
    @Deactivate
    void deactivate() {
        close();
        CurveArithmetic.remove();
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
            watching = null;
        }
    }

    /** The context for a new handshake, as the files were at their last look; empty while none could be read. */
    public Optional<SslContext> context() {
        Loaded current = loaded;
        return current == null ? Optional.empty() : Optional.of(current.context());
    }

    @Override
    public Optional<CertificateInfo> inUse() {
        Loaded current = loaded;
        return current == null ? Optional.empty() : Optional.of(current.certificate());
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public synchronized CertificateInfo reload() throws IOException, GeneralSecurityException {
        try {
            load();
            return loaded.certificate();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            problem = e.toString();
            throw e;
        }
    }

    /**
     * Seconds from now until the certificate in use expires, negative once it has; NaN while no
     * certificate could be read. What the expiry gauge reads at each scrape: a renewal taken since is
     * seen at once.
     */
    double secondsUntilExpiry() {
        return inUse().map(c -> Duration.between(clock.instant(), c.notAfter()).toMillis() / 1000.0).orElse(Double.NaN);
    }

    /** The metrics service came (by DS, or by hand outside DS): the expiry gauge is registered on it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMetrics")
    public synchronized void bindMetrics(Metrics service) {
        if (expiry != null) {
            expiry.close();
        }
        metrics = service;
        expiry = service.gauge(EXPIRY, this::secondsUntilExpiry);
    }

    /** The metrics service went: its gauge goes with it (a greedy rebind may have brought the next one first). */
    public synchronized void unbindMetrics(Metrics service) {
        if (metrics == service) {
            expiry.close();
            expiry = null;
            metrics = null;
        }
    }

    /** One look at the files: a changed pair is read, and used from the next handshake on. */
    synchronized void lookAtFiles() {
        Loaded current = loaded;
        try {
            if (current != null && current.fileStamps().equals(stamps())) {
                return;
            }
            load();
            LOG.info("TLS: now using {} (expires {})", certificateFile, loaded.certificate().notAfter());
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
        CertificateInfo certificate = new CertificateInfo(files.chain().get(0).getSubjectX500Principal().getName(),
                files.chain().get(0).getNotAfter().toInstant(), files.fingerprint(), certificateFile, keyFile,
                selfSigned, clock.instant());
        loaded = new Loaded(context, certificate, stamps);
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
