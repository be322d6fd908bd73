package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.control.ControlFileException;

class ControlReaderTest {

    @TempDir
    Path dir;

    private TestHome home;
    private ControlReader reader;

    @BeforeEach
    void setUp() {
        home = new TestHome(dir);
        reader = new ControlReader(home.control);
    }

    @Test
    void missingFileIsAbsentForEveryReader() {
        assertEquals(Optional.empty(), reader.line("me"));
        assertEquals(OptionalLong.empty(), reader.number("databytes"));
        assertEquals(Optional.empty(), reader.list("rcpthosts"));
    }

    @Test
    void emptyFileIsPresentButEmpty() {
        home.write("me", "").write("rcpthosts", "");
        assertEquals(Optional.of(""), reader.line("me"));
        assertEquals(Optional.of(List.of()), reader.list("rcpthosts"));
    }

    @Test
    void emptyIntFileKeepsTheDefault() {
        home.write("databytes", "");
        assertEquals(OptionalLong.empty(), reader.number("databytes"));
    }

    @Test
    void unreadableFileIsAnError() throws Exception {
        // A directory cannot be read as a file even by root, unlike a file with mode 000.
        Files.createDirectory(home.control.resolve("rcpthosts"));
        ControlFileException e = assertThrows(ControlFileException.class, () -> reader.list("rcpthosts"));
        assertTrue(e.getMessage().startsWith("unable to read controls"), e.getMessage());
    }

    @Test
    void namesThatLeaveTheDirectoryAreRefused() {
        for (String name : List.of("", ".", "..", "../me", "sub/me", "a\\b")) {
            assertThrows(IllegalArgumentException.class, () -> reader.line(name), name);
        }
    }

    @Test
    void stampChangesWhenTheFileIsReplaced() throws Exception {
        assertEquals(Optional.empty(), reader.stamp("morercpthosts.cdb"));
        home.write("morercpthosts.cdb", "one");
        byte[] first = reader.stamp("morercpthosts.cdb").orElseThrow();
        Path other = home.control.resolve("other");
        Files.writeString(other, "two");
        Files.move(other, home.control.resolve("morercpthosts.cdb"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(!java.util.Arrays.equals(first, reader.stamp("morercpthosts.cdb").orElseThrow()));
    }
}
