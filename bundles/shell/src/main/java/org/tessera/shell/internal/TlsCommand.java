package org.tessera.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.api.listener.CertificateInfo;
import org.tessera.api.listener.ServerCertificate;

/** {@code qmail:tls}: the certificate the listeners' TLS uses, and {@code qmail:tls reload} to read it again now. */
@Service
@Command(scope = "qmail", name = "tls",
        description = "Shows the certificate every listener's TLS uses (subject, expiry, fingerprint, files); "
                + "'tls reload' reads the files again now (they are also looked at before each new handshake).")
public final class TlsCommand implements Action {

    @Reference(optional = true)
    ServerCertificate certificate;

    @Reference
    Session session;

    @Argument(index = 0, name = "reload", description = "reload: read the certificate and key files again now")
    String action;

    @Override
    public Object execute() throws Exception {
        if (certificate == null) {
            throw new IllegalStateException("the TLS service is not running (no listener with TLS has started)");
        }
        if (action != null && !action.equals("reload")) {
            throw new IllegalArgumentException("unknown argument " + action + ": the only one is reload");
        }
        PrintStream out = session.getConsole();
        if (action != null) {
            certificate.reload();
            out.println("reloaded");
        }
        CertificateInfo inUse = certificate.inUse()
                .orElseThrow(() -> new IllegalStateException("no certificate is in use: " + certificate.problem()));
        out.println("subject:     " + inUse.subject());
        out.println("expires:     " + inUse.notAfter() + " (" + daysLeft(inUse, Instant.now()) + " days)");
        out.println("sha256:      " + inUse.fingerprint());
        out.println("certificate: " + inUse.certificateFile() + (inUse.selfSigned() ? " (self-signed, made by Tessera)" : ""));
        out.println("key:         " + inUse.keyFile());
        out.println("read:        " + inUse.loaded());
        if (!certificate.problem().isEmpty()) {
            out.println("problem:     " + certificate.problem() + " (the certificate above stays in use)");
        }
        return null;
    }

    /** One line for {@code qmail:stat}. */
    static String summary(ServerCertificate certificate, Instant now) {
        if (certificate == null) {
            return "tls: not running";
        }
        return certificate.inUse().map(c -> "tls: " + c.subject() + ", expires " + c.notAfter() + " (" + daysLeft(c, now)
                + " days), " + c.certificateFile() + (c.selfSigned() ? " (self-signed)" : ""))
                .orElse("tls: no certificate: " + certificate.problem());
    }

    private static long daysLeft(CertificateInfo certificate, Instant now) {
        return Duration.between(now, certificate.notAfter()).toDays();
    }
}
