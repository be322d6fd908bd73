package org.tessera.pop3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailboxTest {

    /** A Maildir under {@code dir} with {@code count} messages in new/, a minute old and older. */
    static Mailbox mailbox(Path dir, int count) throws IOException {
        Path maildir = maildir(dir);
        for (int i = 1; i <= count; i++) {
            message(maildir, "new/" + i + ".msg", "Subject: " + i + "\n\nbody\n", Instant.now().minusSeconds(100 - i));
        }
        return Mailbox.scan(maildir, Instant.now());
    }

    static Path maildir(Path dir) throws IOException {
        Path maildir = dir.resolve("Maildir");
        for (String sub : List.of("new", "cur", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        return maildir;
    }

    static Path message(Path maildir, String name, String content, Instant mtime) throws IOException {
        Path file = Files.writeString(maildir.resolve(name), content);
        Files.setLastModifiedTime(file, FileTime.from(mtime));
        return file;
    }

    @Test
    void oldestFirstAcrossNewAndCurWithTheirSizesAndIds(@TempDir Path dir) throws IOException {
        Path maildir = maildir(dir);
        Instant now = Instant.now();
        message(maildir, "cur/200.b:2,S", "12345", now.minusSeconds(50));
        message(maildir, "new/100.a", "123", now.minusSeconds(60));
        message(maildir, "new/300.c", "1234567", now.minusSeconds(40));
        Mailbox box = Mailbox.scan(maildir, now);
        assertEquals(3, box.count());
        assertEquals("new/100.a", box.message(1).name);
        assertEquals("cur/200.b:2,S", box.message(2).name);
        assertEquals("200.b", box.message(2).uniqueId());
        assertEquals(5, box.message(2).size);
        assertEquals(15, box.undeletedBytes());
        box.message(1).deleted = true;
        assertEquals(12, box.undeletedBytes());
        box.undeleteAll();
        assertEquals(15, box.undeletedBytes());
    }

    @Test
    void dotFilesAndFilesOfTheCurrentSecondAreLeftOut(@TempDir Path dir) throws IOException {
        Path maildir = maildir(dir);
        Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond(), 500_000_000);
        message(maildir, "new/.hidden", "x", now.minusSeconds(100));
        message(maildir, "new/thissecond", "x", Instant.ofEpochSecond(now.getEpochSecond()));
        message(maildir, "new/future", "x", now.plusSeconds(100));
        message(maildir, "new/before", "x", Instant.ofEpochSecond(now.getEpochSecond() - 1, 999_000_000));
        Mailbox box = Mailbox.scan(maildir, now);
        assertEquals(1, box.count());
        assertEquals("new/before", box.message(1).name);
    }

    @Test
    void oldTmpFilesAreCleanedNewOnesKept(@TempDir Path dir) throws IOException {
        Path maildir = maildir(dir);
        Path old = Files.writeString(maildir.resolve("tmp/old"), "x");
        Files.setAttribute(old, "lastAccessTime", FileTime.from(Instant.now().minusSeconds(37 * 3600)));
        Path fresh = Files.writeString(maildir.resolve("tmp/fresh"), "x");
        Mailbox.scan(maildir, Instant.now());
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(fresh));
    }

    @Test
    void noMaildirAndAnUnreadableOneDiffer(@TempDir Path dir) throws IOException {
        assertThrows(Mailbox.NoMaildirException.class, () -> Mailbox.scan(dir.resolve("Maildir"), Instant.now()));
        Files.createDirectories(dir.resolve("broken/Maildir"));
        IOException scan = assertThrows(IOException.class, () -> Mailbox.scan(dir.resolve("broken/Maildir"), Instant.now()));
        assertFalse(scan instanceof Mailbox.NoMaildirException, "no new/ is a scan failure");
    }

    @Test
    void commitUnlinksTheDeletedAndMovesTheRestOfNewToCur(@TempDir Path dir) throws IOException {
        Mailbox box = mailbox(dir, 3);
        Path maildir = dir.resolve("Maildir");
        Files.move(maildir.resolve("new/3.msg"), maildir.resolve("cur/3.msg:2,S"));
        box = Mailbox.scan(maildir, Instant.now());
        box.message(1).deleted = true;
        assertEquals("+OK \r\nSubject: 2\r\n\r\nbody\r\n\r\n.\r\n", new String(box.retrieve(2, -1, 1000).whole()));
        Mailbox.Retrieval big = box.retrieve(2, -1, 10);
        try (InputStream in = big.file()) {
            assertEquals("Subject: 2\n\nbody\n", new String(in.readAllBytes()), "over the limit, the open file");
        }
        assertEquals(0, box.commit());
        assertFalse(Files.exists(maildir.resolve("new/1.msg")));
        assertTrue(Files.exists(maildir.resolve("cur/2.msg:2,")));
        assertTrue(Files.exists(maildir.resolve("cur/3.msg:2,S")), "messages in cur/ keep their names");
        try (var left = Files.list(maildir.resolve("new"))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aMessageUnlinkedByAnotherSessionCountsAsAFailure(@TempDir Path dir) throws IOException {
        Mailbox box = mailbox(dir, 2);
        Files.delete(dir.resolve("Maildir/new/1.msg"));
        box.message(1).deleted = true;
        box.message(2).deleted = true;
        assertThrows(IOException.class, () -> box.retrieve(1, -1, 1000));
        assertEquals(1, box.commit());
    }
}
