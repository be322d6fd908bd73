package org.tessera.checkpassword.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.AuthResult.Outcome;

/** The reply of bin/checkpassword-reply, read from streams that deliver it whole, in pieces or never complete. */
class CheckpasswordReplyTest {

    private static final String HEADER = "tessera-checkpassword-reply 1\n";
    private static final AuthResult ALICE = new AuthResult(Outcome.ACCEPTED, "alice", 1000, 100, "/home/alice");

    /** The fields, each ended by a NUL (built, so that no octal escape swallows a digit). */
    private static String fields(String... fields) {
        StringBuilder text = new StringBuilder();
        for (String field : fields) {
            text.append(field).append('\0');
        }
        return text.toString();
    }

    private static InputStream stream(String... pieces) {
        List<InputStream> streams = Arrays.stream(pieces)
                .map(piece -> (InputStream) new ByteArrayInputStream(piece.getBytes(StandardCharsets.UTF_8))).toList();
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    @Test
    void wholeReplyGivesTheAccount() throws Exception {
        assertEquals(ALICE, CheckpasswordReply.read(stream(HEADER + fields("alice", "/home/alice", "1000", "100"))));
        assertEquals(new AuthResult(Outcome.ACCEPTED, "root", 0, 4294967295L, ""),
                CheckpasswordReply.read(stream(HEADER + fields("root", "", "0", "4294967295"))));
        assertEquals(new AuthResult(Outcome.ACCEPTED, "jürgen", 1, 1, "/home/jürgen"),
                CheckpasswordReply.read(stream(HEADER + fields("jürgen", "/home/jürgen", "1", "1"))));
    }

    @Test
    void replyInPiecesIsJoinedAndWhatFollowsItIsNotRead() throws Exception {
        String reply = HEADER + fields("alice", "/home/alice", "1000", "100");
        InputStream pieces = stream(reply.substring(0, 13), reply.substring(13, 33), reply.substring(33, 40),
                reply.substring(40), "anything after");
        assertEquals(ALICE, CheckpasswordReply.read(pieces));
        assertEquals("anything after", new String(pieces.readAllBytes(), StandardCharsets.UTF_8));
    }

    static List<String> notReplies() {
        return List.of(
                "",
                "welcome\n",
                HEADER + fields("alice", "/home/alice", "1000"),
                HEADER + fields("alice", "/home/alice", "1000") + "100",
                "Tessera-checkpassword-reply 1\n" + fields("alice", "/home/alice", "1000", "100"),
                "tessera-checkpassword-reply 2\n" + fields("alice", "/home/alice", "1000", "100"),
                "tessera-checkpassword-reply 1\r\n" + fields("alice", "/home/alice", "1000", "100"),
                HEADER + fields("", "/home/alice", "1000", "100"),
                HEADER + fields("alice", "/home/alice", "-1", "100"),
                HEADER + fields("alice", "/home/alice", " 1000", "100"),
                HEADER + fields("alice", "/home/alice", "1000", ""),
                HEADER + fields("alice", "/home/alice", "4294967296", "100"),
                HEADER + fields("alice", "/home/alice", "1000", "99999999999"));
    }

    @ParameterizedTest
    @MethodSource("notReplies")
    void anythingElseIsUnreadable(String output) {
        assertThrows(CheckpasswordReply.Unreadable.class, () -> CheckpasswordReply.read(stream(output)));
    }

    @Test
    void replyMustBeWholeWithinTheLimit() throws Exception {
        String longest = "a".repeat(CheckpasswordReply.LIMIT - HEADER.length() - fields("", "/", "1", "1").length());
        assertEquals(longest, CheckpasswordReply.read(stream(HEADER + fields(longest, "/", "1", "1"))).user());
        assertThrows(CheckpasswordReply.Unreadable.class,
                () -> CheckpasswordReply.read(stream(HEADER + fields(longest + "a", "/", "1", "1"))));
    }
}
