package org.tessera.api.auth;

import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The answer of a {@link PasswordChecker}, and for an accepted login what checkpassword would
 * have switched to before running the next program: the account's name, ids and home
 * (qmail-pop3d then serves {@code <home>/Maildir}).
 *
 * @param outcome accepted, rejected or temporary failure
 * @param user the account name as stored ({@code USER}); empty unless accepted
 * @param uid the account's uid, or {@link #UNKNOWN_ID} when not known or not accepted
 * @param gid the account's primary gid, or {@link #UNKNOWN_ID} when not known or not accepted
 * @param home the account's home directory ({@code HOME}); empty when not known or not accepted
 */
@ConsumerType
public record AuthResult(Outcome outcome, String user, long uid, long gid, String home) {

    /** The {@code uid} or {@code gid} of a result that has none. */
    public static final long UNKNOWN_ID = -1;

    /** Wrong login or password (checkpassword exit 1). */
    public static final AuthResult REJECTED = new AuthResult(Outcome.REJECTED, "", UNKNOWN_ID, UNKNOWN_ID, "");

    /** Cannot check now (checkpassword exit 111). */
    public static final AuthResult TEMPORARY_FAILURE =
            new AuthResult(Outcome.TEMPORARY_FAILURE, "", UNKNOWN_ID, UNKNOWN_ID, "");

    /**
     * Validates the components.
     *
     * @param outcome not null
     * @param user not null; not empty when accepted, empty otherwise
     * @param uid {@link #UNKNOWN_ID} or 0 to 4294967295; {@link #UNKNOWN_ID} unless accepted
     * @param gid {@link #UNKNOWN_ID} or 0 to 4294967295; {@link #UNKNOWN_ID} unless accepted
     * @param home not null; empty unless accepted
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when an id is out of range or a rejection carries an account
     */
    public AuthResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(home, "home");
        if (uid < UNKNOWN_ID || uid > 0xFFFF_FFFFL || gid < UNKNOWN_ID || gid > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("uid or gid out of range: " + uid + ", " + gid);
        }
        if (outcome == Outcome.ACCEPTED) {
            if (user.isEmpty()) {
                throw new IllegalArgumentException("an accepted login needs the user name");
            }
        } else if (!user.isEmpty() || uid != UNKNOWN_ID || gid != UNKNOWN_ID || !home.isEmpty()) {
            throw new IllegalArgumentException(outcome + " carries no account");
        }
    }

    /** checkpassword's answers. */
    @ConsumerType
    public enum Outcome {
        /** The login is good (exit 0). */
        ACCEPTED,
        /** Unknown user, wrong or empty password, misuse (exit 1 or 2). */
        REJECTED,
        /** Cannot tell now (exit 111): the client may try again later. */
        TEMPORARY_FAILURE
    }
}
