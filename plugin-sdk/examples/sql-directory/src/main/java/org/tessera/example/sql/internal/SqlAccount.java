package org.tessera.example.sql.internal;

/**
 * A mailbox row of the user query, checked: ids in range, an absolute home.
 *
 * @param uid {@code pw_uid}
 * @param gid {@code pw_gid}
 * @param home {@code pw_dir}, where the Maildir and the user's own {@code .qmail} files are
 * @param password {@code pw_passwd}, a crypt(3) string or {@code {SCHEME}hash}; empty when null
 */
record SqlAccount(long uid, long gid, String home, String password) {
}
