package org.tessera.api.auth;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks a login and password, with checkpassword's semantics: what a DJB checkpassword
 * program reads on descriptor 3 ({@code login\0password\0timestamp\0}) and what its exit
 * status means (0 accepted, 1 rejected, 111 temporary; misuse counts as rejected).
 *
 * <p>Callers ask the services in {@code service.ranking} order, highest first: a
 * {@link AuthResult.Outcome#REJECTED} passes to the next one, an
 * {@link AuthResult.Outcome#ACCEPTED} or {@link AuthResult.Outcome#TEMPORARY_FAILURE} ends the
 * search; with no service, every login is rejected. Called on worker threads, never on an
 * event loop; may block (a checkpassword program, a database). A {@code RuntimeException}
 * counts as a temporary failure.
 */
@ConsumerType
public interface PasswordChecker {

    /**
     * Checks one login attempt.
     *
     * @param login the login name as the client sent it (POP3 {@code USER}, SMTP AUTH user name)
     * @param password the password bytes as sent; for APOP or CRAM-MD5 the hex digest. The
     *        caller clears the array after the call, so do not keep it
     * @param timestamp the challenge the server sent, angle brackets included (POP3's APOP
     *        timestamp {@code <pid.time@host>}), or empty; plain-password checkers ignore it
     * @return the outcome, and the account when accepted
     */
    AuthResult check(String login, byte[] password, String timestamp);
}
