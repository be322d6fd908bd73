package org.tessera.common.passwd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The accounts of the system's {@code /etc/passwd}, read directly (no NSS: accounts from LDAP or
 * systemd-homed are not seen), for the uid, gid and home of a new password-file user.
 */
public final class SystemAccounts {

    /** The system's account file. */
    public static final Path ETC_PASSWD = Path.of("/etc/passwd");

    /**
     * A system account.
     *
     * @param uid its uid
     * @param gid its primary gid
     * @param home its home directory
     */
    public record Account(long uid, long gid, String home) {
    }

    private SystemAccounts() {
    }

    /** Returns the first account of that name in a passwd(5) file; none when the file does not exist. */
    public static Optional<Account> find(Path passwd, String user) throws IOException {
        String content;
        try {
            // Decoded leniently: a Latin-1 gecos field elsewhere in the file must not hide every account.
            content = new String(Files.readAllBytes(passwd), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        for (String line : content.split("\n")) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 7 && fields[0].equals(user) && isId(fields[2]) && isId(fields[3])) {
                return Optional.of(new Account(Long.parseLong(fields[2]), Long.parseLong(fields[3]), fields[5]));
            }
        }
        return Optional.empty();
    }

    private static boolean isId(String field) {
        return !field.isEmpty() && field.length() <= 10 && field.chars().allMatch(c -> c >= '0' && c <= '9')
                && Long.parseLong(field) <= 0xFFFF_FFFFL;
    }
}
