package org.tessera.api.users;

import java.io.IOException;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;
import org.tessera.api.mail.MailAddress;

/**
 * Finds the user a local recipient belongs to. The LOCAL channel asks every directory in
 * {@code service.ranking} order, highest first, and takes the first answer; the built-in
 * directories use the rankings below, so a plugin picks its place among them (an LDAP
 * directory that must win over {@code users/cdb} ranks above {@link #ASSIGN_RANKING}).
 *
 * <p>Called on worker threads, possibly for several recipients at once; may block briefly.
 */
@ConsumerType
public interface UserDirectory {

    /** {@code service.ranking} of the {@code users/cdb} directory (qmail-users, asked first). */
    int ASSIGN_RANKING = 300;

    /** {@code service.ranking} of the system-account directory (qmail-getpw; only when running as root). */
    int PASSWD_RANKING = 200;

    /** {@code service.ranking} of the alias user, the catch-all (asked last). */
    int ALIAS_RANKING = -1000;

    /**
     * Looks a recipient up. qmail's own directories use only the local part (lower-cased for
     * the lookup; the extension keeps the original case); a plugin may use the domain too.
     *
     * @param recipient the recipient after the queue's rewriting, local part not empty
     * @return the user and the extension, or empty when this directory does not know the address
     * @throws IOException when the directory cannot answer now; the delivery is deferred and
     *         lower-ranked directories are not asked (so a failing lookup never falls through to
     *         the alias user)
     */
    Optional<MailUser> find(MailAddress recipient) throws IOException;
}
