package org.tessera.api.users;

import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The fields of a qmail-users assignment ({@code =local:user:uid:gid:homedir:dash:ext:}) or
 * of qmail-getpw's answer: who receives the mail and which {@code .qmail} file controls it,
 * {@code homedir/.qmail<dash><ext>}.
 *
 * @param user the account name ({@code USER} of programs)
 * @param uid the uid deliveries run as when Tessera runs as root
 * @param gid the gid deliveries run as when Tessera runs as root
 * @param home the home directory, as given (qmail-local refuses one not starting with {@code /})
 * @param dash {@code ""} for the user's own address, usually {@code "-"} for an extension
 * @param ext the extension, original case, wildcard remainder already appended
 */
@ConsumerType
public record MailUser(String user, long uid, long gid, String home, String dash, String ext) {

    /** The largest uid or gid (unsigned 32 bits). */
    public static final long MAX_ID = 0xFFFF_FFFFL;

    /**
     * Validates the components.
     *
     * @param user not null
     * @param uid 0 to {@link #MAX_ID}
     * @param gid 0 to {@link #MAX_ID}
     * @param home not null
     * @param dash not null
     * @param ext not null
     * @throws NullPointerException when a string is null
     * @throws IllegalArgumentException when an id is out of range
     */
    public MailUser {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(dash, "dash");
        Objects.requireNonNull(ext, "ext");
        if (uid < 0 || uid > MAX_ID) {
            throw new IllegalArgumentException("uid out of range: " + uid);
        }
        if (gid < 0 || gid > MAX_ID) {
            throw new IllegalArgumentException("gid out of range: " + gid);
        }
    }
}
