package org.tessera.checkpassword.file.internal;

import org.tessera.common.passwd.StoredPassword;

/**
 * One user's line of the password file, as the checker uses it.
 *
 * @param user the user name, matched exactly
 * @param password the parsed password field
 * @param uid the uid, or {@link org.tessera.api.auth.AuthResult#UNKNOWN_ID} when the line has none
 * @param gid the gid, or {@link org.tessera.api.auth.AuthResult#UNKNOWN_ID} when the line has none
 * @param home the home directory, or empty
 */
record PasswordEntry(String user, StoredPassword password, long uid, long gid, String home) {
}
