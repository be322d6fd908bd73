package org.tessera.common.users;

import java.util.Optional;

/**
 * One V7 passwd line {@code user:pw:uid:gid:gecos:home:shell}, read as qmail-pw2u reads it: the
 * fields up to the sixth {@code :} (a line with fewer colons or a NUL is no account), uid and gid
 * by their decimal prefix. The uid and gid texts are kept as written, for qmail-pw2u's output.
 */
public record PasswdEntry(String user, String uidText, String gidText, String home) {

    /** The user whose home holds the .qmail files of addresses no account takes (qmail's alias user). */
    public static final String ALIAS_USER = "alias";

    /** The uid, as {@code scan_ulong} reads it. */
    public long uid() {
        return AssignValue.decimalPrefix(uidText);
    }

    /** The gid, as {@code scan_ulong} reads it. */
    public long gid() {
        return AssignValue.decimalPrefix(gidText);
    }

    /** @param line one line without its LF */
    public static Optional<PasswdEntry> parse(String line) {
        if (line.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        String[] fields = new String[6];
        int start = 0;
        for (int i = 0; i < fields.length; i++) {
            int colon = line.indexOf(':', start);
            if (colon < 0) {
                return Optional.empty();
            }
            fields[i] = line.substring(start, colon);
            start = colon + 1;
        }
        return Optional.of(new PasswdEntry(fields[0], fields[2], fields[3], fields[5]));
    }
}
