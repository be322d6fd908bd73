package org.tessera.common.users;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.tessera.api.users.MailUser;

/**
 * Reads qmail-lspawn's {@code user\0uid\0gid\0home\0dash\0ext} value (a users/cdb value, with a
 * wildcard's remainder already appended to {@code ext}) as qmail-lspawn does: uid and gid are the
 * decimal prefix of their field ({@code scan_ulong}, so {@code "abc"} is 0), truncated to 32 bits as
 * {@code uid_t} truncates it. Text after a sixth NUL is ignored.
 */
public final class AssignValue {

    private static final int FIELDS = 6;

    private AssignValue() {
    }

    /** Empty when the value has fewer than six fields (qmail-lspawn's {@code Internal qmail-lspawn bug.}). */
    public static Optional<MailUser> parse(byte[] value) {
        List<String> fields = new ArrayList<>(FIELDS);
        int start = 0;
        for (int i = 0; i <= value.length && fields.size() < FIELDS; i++) {
            if (i == value.length || value[i] == 0) {
                fields.add(new String(value, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (fields.size() < FIELDS) {
            return Optional.empty();
        }
        return Optional.of(new MailUser(fields.get(0), decimalPrefix(fields.get(1)), decimalPrefix(fields.get(2)),
                fields.get(3), fields.get(4), fields.get(5)));
    }

    public static long decimalPrefix(String field) {
        long value = 0;
        for (int i = 0; i < field.length() && field.charAt(i) >= '0' && field.charAt(i) <= '9'; i++) {
            value = (value * 10 + (field.charAt(i) - '0')) & MailUser.MAX_ID;
        }
        return value;
    }
}
