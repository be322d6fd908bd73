package org.tessera.local.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.tessera.api.users.MailUser;
import org.tessera.common.files.FileStamp;
import org.tessera.common.users.Ascii;
import org.tessera.common.users.PasswdEntry;

/**
 * qmail-getpw's rules over a passwd file (qmail-getpw(8)): the whole local part, then each
 * prefix ending before a {@code -}, longest first, each shorter than 32 bytes and lower-cased
 * (ASCII), qualifies when its account has a uid other than 0 and a home that exists and is owned by
 * that uid. Only the file is read (as glibc's {@code files} source), not other NSS sources such as
 * LDAP: {@code getent} would be a process per lookup, and a directory for those is a plugin's job.
 * qmail-getpw's last step, the {@code alias} account, is the alias directory's.
 */
final class PasswdLookup {

    /** qmail-getpw's {@code GETPW_USERLEN}: candidates must be shorter. */
    static final int USER_LENGTH = 32;
    /** qmail-lspawn's text for qmail-getpw's exit 115 (a temporary stat error). */
    static final String NFS_FAILURE = "NFS failure in qmail-local.";
    /** qmail-lspawn's text for a system error. */
    static final String TEMPORARY = "Temporary failure in qmail-lspawn.";

    private final Path passwd;
    // Parsed once per version of the file (qmail-getpw asks getpwnam for each delivery): re-reading and
    // parsing /etc/passwd for every recipient was the largest single cost of a local delivery in the server.
    private volatile Accounts cached = new Accounts(null, Map.of());

    private record Accounts(FileStamp stamp, Map<String, PasswdEntry> byName) {
    }

    PasswdLookup(Path passwd) {
        this.passwd = passwd;
    }

    Optional<MailUser> find(String local) throws IOException {
        Map<String, PasswdEntry> accounts = accounts();
        for (int end = local.length(); end >= 0; end--) {
            if (end != local.length() && local.charAt(end) != '-') {
                continue;
            }
            String candidate = Ascii.lower(local.substring(0, end));
            if (candidate.getBytes(StandardCharsets.UTF_8).length >= USER_LENGTH) {
                continue;
            }
            PasswdEntry entry = accounts.get(candidate);
            if (entry != null && entry.uid() != 0 && ownsHome(entry)) {
                boolean whole = end == local.length();
                return Optional.of(new MailUser(entry.user(), entry.uid(), entry.gid(), entry.home(),
                        whole ? "" : "-", whole ? "" : local.substring(end + 1)));
            }
        }
        return Optional.empty();
    }

    /** The first entry of each name, as {@code getpwnam} finds it, from the file as it is now. */
    private Map<String, PasswdEntry> accounts() throws IOException {
        Accounts known = cached;
        FileStamp now;
        try {
            now = FileStamp.of(passwd);
            if (now.equals(known.stamp())) {
                return known.byName();
            }
            Map<String, PasswdEntry> accounts = new HashMap<>();
            try (BufferedReader reader = Files.newBufferedReader(passwd, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    PasswdEntry.parse(line).ifPresent(entry -> accounts.putIfAbsent(entry.user(), entry));
                }
            }
            // Stamped with what was seen before the read: a change during it shows at the next lookup.
            cached = new Accounts(now, Map.copyOf(accounts));
            return accounts;
        } catch (IOException e) {
            throw new IOException(TEMPORARY, e);
        }
    }

    private static boolean ownsHome(PasswdEntry entry) throws IOException {
        Path home;
        try {
            home = Path.of(entry.home());
        } catch (InvalidPathException e) {
            return false; // a NUL in the field: stat would find no such file
        }
        try {
            return ServerIdentity.owner(home) == entry.uid();
        } catch (NoSuchFileException | AccessDeniedException e) {
            return false;
        } catch (FileSystemException e) {
            // ENOTDIR and ELOOP are permanent for stat; anything else may pass, as qmail-getpw's error_temp.
            String reason = e.getReason() == null ? "" : e.getReason();
            if (reason.contains("Not a directory") || reason.contains("symbolic links")) {
                return false;
            }
            throw new IOException(NFS_FAILURE, e);
        } catch (IOException e) {
            throw new IOException(NFS_FAILURE, e);
        }
    }
}
