package org.tessera.example.dkim.internal;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.exceptions.FailException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.filter.FilterResult;
import org.tessera.api.filter.MessageFilter;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.policy.MailTransaction;

/**
 * Signs mail that authenticated senders submit with the DKIM key of the envelope sender's domain
 * (RFC 6376: rsa-sha256, relaxed/relaxed), by Apache jDKIM: the {@code DKIM-Signature} field is added at
 * the top of the message. Mail from unauthenticated clients, and from a domain without a key, passes
 * unsigned; a key that cannot be read, or a message that cannot be signed, defers it (451) rather than
 * sending mail the domain's receivers would find unsigned.
 *
 * <p>Keys live in {@code keyDirectory/DOMAIN/SELECTOR.pem}; the newest file of a domain signs, and the
 * directory is looked at for each message (a key is parsed once per version of its file), so adding or
 * rotating a key needs no restart. Ranked last among filters
 * ({@value #RANKING}), so that fields other filters add are there to be covered or left out as configured.
 */
@Component(service = MessageFilter.class, configurationPid = DkimSigner.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Ranking(DkimSigner.RANKING)
@Designate(ocd = DkimSignerConfiguration.class)
public final class DkimSigner implements MessageFilter {

    /** The configuration PID. */
    static final String PID = "org.tessera.example.dkim";

    /** After every other filter. */
    static final int RANKING = -1000;

    private static final FilterResult UNSIGNED = new FilterResult(FilterResult.Outcome.ACCEPT, 0, "", List.of());

    private final Path keyDirectory;
    private final String signedFields;
    // Parsed keys by file, each kept while the file's size and time stay the same: a key is parsed once,
    // not for every message, and a file replaced in place is parsed again.
    private final Map<Path, ParsedKey> parsed = new ConcurrentHashMap<>();

    private record ParsedKey(FileTime modified, long size, PrivateKey key) {
    }

    @Activate
    public DkimSigner(DkimSignerConfiguration config) {
        this.keyDirectory = Path.of(config.keyDirectory());
        this.signedFields = String.join(":", config.signedFields()).toLowerCase(Locale.ROOT);
    }

    @Override
    public FilterResult filter(MailTransaction transaction, MessageContent message) throws IOException {
        if (transaction.authentication().isEmpty()) {
            return UNSIGNED;
        }
        String domain = transaction.sender().map(MailAddress::domain).orElse("").toLowerCase(Locale.ROOT);
        // A domain is a directory name here: nothing that could leave the key directory.
        if (domain.isEmpty() || domain.startsWith(".") || domain.contains("/") || domain.contains("\0")) {
            return UNSIGNED;
        }
        Optional<Path> key = newestKey(keyDirectory.resolve(domain));
        if (key.isEmpty()) {
            return UNSIGNED;
        }
        String selector = key.get().getFileName().toString();
        selector = selector.substring(0, selector.length() - ".pem".length());
        String template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector + "; h="
                + signedFields + "; bh=; b=;";
        try (InputStream in = new CrLf(new BufferedInputStream(message.open()))) {
            String field = new DKIMSigner(template, privateKey(key.get())).sign(in);
            // jDKIM folds with CR LF; Tessera's header fields fold with LF, as the queue stores messages.
            return new FilterResult(FilterResult.Outcome.ACCEPT, 0, "", List.of(field.replace("\r\n", "\n")));
        } catch (GeneralSecurityException | FailException | IllegalArgumentException e) {
            return new FilterResult(FilterResult.Outcome.DEFER, 451,
                    "cannot sign for " + domain + " now, try again later (#4.3.0)", List.of());
        }
    }

    private static Optional<Path> newestKey(Path domainDirectory) throws IOException {
        if (!Files.isDirectory(domainDirectory)) {
            return Optional.empty();
        }
        Path newest = null;
        try (DirectoryStream<Path> keys = Files.newDirectoryStream(domainDirectory, "*.pem")) {
            for (Path key : keys) {
                if (newest == null || Files.getLastModifiedTime(key).compareTo(Files.getLastModifiedTime(newest)) > 0) {
                    newest = key;
                }
            }
        }
        return Optional.ofNullable(newest);
    }

    private PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        BasicFileAttributes attributes = Files.readAttributes(pem, BasicFileAttributes.class);
        ParsedKey known = parsed.get(pem);
        if (known != null && known.modified().equals(attributes.lastModifiedTime()) && known.size() == attributes.size()) {
            return known.key();
        }
        PrivateKey key = parse(pem);
        parsed.put(pem, new ParsedKey(attributes.lastModifiedTime(), attributes.size(), key));
        return key;
    }

    private static PrivateKey parse(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(pem + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY)");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** The stored message (LF line ends) as DKIM canonicalizes it: every LF as CR LF. */
    private static final class CrLf extends FilterInputStream {
        private boolean pendingLf;

        CrLf(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            if (pendingLf) {
                pendingLf = false;
                return '\n';
            }
            int c = super.read();
            if (c == '\n') {
                pendingLf = true;
                return '\r';
            }
            return c;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int n = 0;
            for (int c; n < length && (c = read()) >= 0; ) {
                buffer[offset + n++] = (byte) c;
            }
            return n == 0 ? -1 : n;
        }
    }
}
