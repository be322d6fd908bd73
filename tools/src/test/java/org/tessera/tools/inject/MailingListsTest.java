package org.tessera.tools.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailingListsTest {

    @TempDir
    Path directory;

    @Test
    void listsToAndCcInReverseWhenOneIsAListIgnoringCase() throws IOException, InjectFailure {
        Path file = Files.writeString(directory.resolve("lists"), "# lists\n\nList@Example.ORG \t\n");
        MailingLists lists = MailingLists.of(Map.of("QMAILMFTFILE", file.toString()));
        assertEquals("Mail-Followup-To: \"odd box\"@x,\n  list@example.org,\n  a@b\n",
                lists.followupField(List.of("a@b", "list@example.org", "odd box@x")));
        assertNull(lists.followupField(List.of("a@b")));
    }

    @Test
    void hasNoListsWithoutTheVariableOrTheFile() throws InjectFailure {
        assertNull(MailingLists.of(Map.of()).followupField(List.of("defaultdomain")));
        assertNull(MailingLists.of(Map.of("QMAILMFTFILE", directory.resolve("none").toString()))
                .followupField(List.of("none")));
    }

    @Test
    void reportsAFileItCannotRead() {
        InjectFailure failure = assertThrows(InjectFailure.class,
                () -> MailingLists.of(Map.of("QMAILMFTFILE", directory.toString())));
        assertEquals("qmail-inject: fatal: read error\n", failure.diagnostic());
        assertEquals(111, failure.exitCode());
    }
}
