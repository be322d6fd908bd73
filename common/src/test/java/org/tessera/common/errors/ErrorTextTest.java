package org.tessera.common.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;

/** qmail's error_str words, from an errno, a JDK file exception, or a process that did not start. */
class ErrorTextTest {

    @Test
    void errnosInQmailsWords() {
        assertEquals("file does not exist", ErrorText.of(2));
        assertEquals("out of disk space", ErrorText.of(28));
        assertEquals("disk quota exceeded", ErrorText.of(122));
        assertEquals("unknown error", ErrorText.of(9999));
    }

    @Test
    void fileExceptionsInQmailsWords() {
        assertEquals("file does not exist", ErrorText.of(new NoSuchFileException("/x")));
        assertEquals("access denied", ErrorText.of(new AccessDeniedException("/x")));
        assertEquals("symbolic link loop", ErrorText.of(new FileSystemException("/x", null, "Too many levels of symbolic links")));
        assertEquals("read-only file system", ErrorText.of(new FileSystemException("/x", null, "Read-only file system")));
        assertEquals("disk quota exceeded", ErrorText.of(new FileSystemException("/x", null, "Disk quota exceeded")));
        assertEquals("Something new", ErrorText.of(new FileSystemException("/x", null, "Something new")));
        assertTrue(ErrorText.isAbsent(new FileSystemException("/x", null, "File name too long")));
        assertFalse(ErrorText.isAbsent(new AccessDeniedException("/x")));
    }

    @Test
    void aProcessThatDidNotStartSaysWhyInQmailsWords() {
        IOException exec = new IOException("Cannot run program \"/bin/x\": error=8, Exec format error");
        assertEquals("exec format error", ErrorText.ofExec(new IOException("wrapped", exec)));
        assertEquals("access denied", ErrorText.ofExec(new IOException("Cannot run program \"x\": error=13, Permission denied")));
        assertEquals("Strange new error", ErrorText.ofExec(new IOException("Cannot run program \"x\": error=999, Strange new error")));
        assertEquals("no errno here", ErrorText.ofExec(new IOException("no errno here")));
    }
}
