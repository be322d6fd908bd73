package org.tessera.checkpassword.file.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tessera.api.auth.AuthResult;
import org.tessera.common.passwd.StoredPassword;

/**
 * The users of a password file in Dovecot's passwd-file format
 * ({@code user:password:uid:gid:gecos:home:shell:extra_fields}), and what a load has to say about it.
 *
 * @param users the entries by user name; the first line of a user wins, as in Dovecot
 * @param warnings lines that are read but cannot log in, or are ignored; never a password
 */
record PasswordTable(Map<String, PasswordEntry> users, List<String> warnings) {

    /** A file that does not exist: no users. */
    static final PasswordTable EMPTY = new PasswordTable(Map.of(), List.of());

    private static final int FIELDS = 8;
    private static final long MAX_ID = 0xFFFF_FFFFL;

    PasswordTable {
        users = Map.copyOf(users);
        warnings = List.copyOf(warnings);
    }

    /**
     * Parses a whole file: UTF-8 lines ending in LF (a CR before it is dropped), {@code #} comments and
     * blank lines skipped, missing trailing fields allowed.
     *
     * @throws IllegalArgumentException naming the line when one is not UTF-8, has no user name or a uid
     *         or gid that is not a number from 0 to 4294967295: the file is then not taken at all
     */
    static PasswordTable parse(byte[] content) {
        Map<String, PasswordEntry> users = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        int number = 0;
        for (int start = 0; start < content.length; number++) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            int length = end - start;
            if (length > 0 && content[end - 1] == '\r') {
                length--;
            }
            String line = decode(content, start, length, number + 1);
            start = end + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            PasswordEntry entry = entry(line.split(":", FIELDS), number + 1);
            String where = "line " + (number + 1) + ": user " + entry.user() + ": ";
            if (users.containsKey(entry.user())) {
                warnings.add(where + "ignored, an earlier line has the same user");
                continue;
            }
            if (entry.password().problem() != null) {
                warnings.add(where + entry.password().problem() + ", the user cannot log in");
            }
            users.put(entry.user(), entry);
        }
        return new PasswordTable(users, warnings);
    }

    private static PasswordEntry entry(String[] fields, int number) {
        if (fields[0].isEmpty()) {
            throw new IllegalArgumentException("line " + number + " has no user name");
        }
        return new PasswordEntry(fields[0], StoredPassword.parse(field(fields, 1)),
                id(field(fields, 2), "uid", number), id(field(fields, 3), "gid", number), field(fields, 5));
    }

    private static String field(String[] fields, int index) {
        return index < fields.length ? fields[index] : "";
    }

    private static long id(String field, String name, int number) {
        if (field.isEmpty()) {
            return AuthResult.UNKNOWN_ID;
        }
        if (field.length() <= 10 && field.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long id = Long.parseLong(field);
            if (id <= MAX_ID) {
                return id;
            }
        }
        throw new IllegalArgumentException("line " + number + ": the " + name + " is not a number from 0 to " + MAX_ID);
    }

    private static String decode(byte[] content, int start, int length, int number) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("line " + number + " is not UTF-8");
        }
    }
}
