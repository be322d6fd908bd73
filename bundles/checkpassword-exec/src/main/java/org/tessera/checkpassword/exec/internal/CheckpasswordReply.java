package org.tessera.checkpassword.exec.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tessera.api.auth.AuthResult;

/**
 * Reads what {@code bin/checkpassword-reply} writes once checkpassword has switched to the account: the line
 * {@code tessera-checkpassword-reply 1}, then {@code USER}, {@code HOME}, uid and gid, each ended by a NUL.
 */
final class CheckpasswordReply {

    static final byte[] HEADER = "tessera-checkpassword-reply 1\n".getBytes(StandardCharsets.US_ASCII);

    /** The most output read: a reply that is not complete by then is not one. */
    static final int LIMIT = 4096;

    private static final int FIELDS = 4;
    private static final long MAX_ID = 0xFFFF_FFFFL;

    /** Output that is not a reply; the message says how, to end "accepted the login but ...". */
    static final class Unreadable extends Exception {

        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private CheckpasswordReply() {
    }

    /**
     * Reads {@code output} until a reply is complete (not to its end: a process the program left behind may keep
     * it open) and returns the account it names.
     *
     * @throws Unreadable when the output ends early, is not a reply or is too long
     * @throws IOException when the output cannot be read
     */
    static AuthResult read(InputStream output) throws IOException, Unreadable {
        byte[] buffer = new byte[LIMIT];
        int length = 0;
        while (true) {
            int n = output.read(buffer, length, LIMIT - length);
            if (n < 0) {
                throw new Unreadable(length == 0 ? "wrote no reply" : "wrote an incomplete reply");
            }
            length += n;
            AuthResult account = parse(buffer, length);
            if (account != null) {
                return account;
            }
            if (length == LIMIT) {
                throw new Unreadable("wrote " + LIMIT + " bytes without a complete reply");
            }
        }
    }

    /** The account in the first {@code length} bytes, null when they are the beginning of a reply. */
    static AuthResult parse(byte[] buffer, int length) throws Unreadable {
        int header = Math.min(length, HEADER.length);
        if (!Arrays.equals(buffer, 0, header, HEADER, 0, header)) {
            throw new Unreadable("wrote something other than a reply");
        }
        List<String> fields = new ArrayList<>(FIELDS);
        int start = HEADER.length;
        for (int i = start; i < length && fields.size() < FIELDS; i++) {
            if (buffer[i] == 0) {
                fields.add(new String(buffer, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (fields.size() < FIELDS) {
            return null;
        }
        if (fields.get(0).isEmpty()) {
            throw new Unreadable("replied without USER");
        }
        return new AuthResult(AuthResult.Outcome.ACCEPTED, fields.get(0), id(fields.get(2)), id(fields.get(3)),
                fields.get(1));
    }

    private static long id(String text) throws Unreadable {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Unreadable("replied with an id that is not a number");
        }
        long id = Long.parseLong(text);
        if (id > MAX_ID) {
            throw new Unreadable("replied with an id out of range");
        }
        return id;
    }
}
