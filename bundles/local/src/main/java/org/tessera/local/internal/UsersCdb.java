package org.tessera.local.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbTable;
import org.tessera.api.users.MailUser;
import org.tessera.common.cdbtable.ReopeningCdb;
import org.tessera.common.users.AssignCompiler;
import org.tessera.common.users.AssignValue;

/**
 * qmail-lspawn's lookup in {@code users/cdb} (qmail-users(5)): the exact key first, then the
 * wildcard keys from the longest prefix of the lower-cased local part down to the empty one, with
 * the original-case remainder appended to {@code ext}. The file stays open and is reopened when it
 * changes: each lookup costs one stat, so a {@code qmail-newu} is seen by the next delivery.
 *
 * <p>One departure, to keep the lookup case-insensitive throughout: qmail-lspawn compares the last character
 * of each prefix with the wildcard characters case-sensitively, and qmail-newu stores them as
 * written, so in qmail a {@code +} loc ending in an upper-case letter never matches. Here the
 * comparison ignores ASCII case.
 */
final class UsersCdb implements AutoCloseable {

    /** The deferral text of qmail-lspawn's exit 117. */
    static final String TROUBLE = "Trouble reading users/cdb in qmail-lspawn.";
    /** The deferral text of qmail-lspawn's exit 112: a value with fewer than six fields. */
    static final String BAD_VALUE = "Internal qmail-lspawn bug.";

    private final ReopeningCdb cdb;

    UsersCdb(Path file, CdbFiles cdbFiles) {
        this.cdb = new ReopeningCdb(file, cdbFiles);
    }

    /**
     * @param local the local part, original case
     * @return the assignment, or empty when the file is missing or has no matching key
     * @throws IOException {@link #TROUBLE} when the file cannot be read, has no wildcard-character record,
     *         or {@link #BAD_VALUE} for a value with too few fields
     */
    Optional<MailUser> find(String local) throws IOException {
        try {
            return cdb.read(table -> find(table, local), Optional.empty());
        } catch (BadValueException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(TROUBLE, e);
        }
    }

    private static Optional<MailUser> find(CdbTable cdb, String local) throws IOException {
        byte[] original = local.getBytes(StandardCharsets.UTF_8);
        byte[] lower = new byte[original.length + 2];
        lower[0] = '!';
        System.arraycopy(original, 0, lower, 1, original.length);
        AssignCompiler.lowerAscii(lower);
        byte[] wildChars = cdb.find(new byte[0]).orElseThrow(() -> new IOException("no wildcard-character record"));
        AssignCompiler.lowerAscii(wildChars);
        Optional<byte[]> exact = cdb.find(lower);
        if (exact.isPresent()) {
            return user(exact.get(), new byte[0]);
        }
        // A prefix "!" + lower[1..length) is a candidate wildcard key when it is the empty loc or ends in a wild character.
        for (int length = lower.length - 1; length >= 1; length--) {
            if (length == 1 || contains(wildChars, lower[length - 1])) {
                Optional<byte[]> value = cdb.find(Arrays.copyOf(lower, length));
                if (value.isPresent()) {
                    return user(value.get(), Arrays.copyOfRange(original, length - 1, original.length));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<MailUser> user(byte[] value, byte[] remainder) throws IOException {
        byte[] whole = Arrays.copyOf(value, value.length + remainder.length);
        System.arraycopy(remainder, 0, whole, value.length, remainder.length);
        Optional<MailUser> user = AssignValue.parse(whole);
        if (user.isEmpty()) {
            throw new BadValueException();
        }
        return user;
    }

    private static boolean contains(byte[] bytes, byte wanted) {
        for (byte b : bytes) {
            if (b == wanted) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        cdb.close();
    }

    private static final class BadValueException extends IOException {

        private static final long serialVersionUID = 1L;

        BadValueException() {
            super(BAD_VALUE);
        }
    }
}
