package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;

/** A broken queue directory stops the queue component at activation, with a message that says why. */
class QueueDirectoryTest {

    @TempDir
    Path home;

    @Test
    void missingQueueDirectoryFailsActivation() {
        IllegalStateException e = assertThrows(IllegalStateException.class, this::activateWithoutLayout);
        assertTrue(e.getMessage().contains("queue directory " + home.resolve("queue") + " is missing"), e.getMessage());
        assertTrue(Files.notExists(home.resolve("queue")), "nothing was created in its place");
    }

    @Test
    void queuePathThatIsAFileFailsActivation() throws IOException {
        Files.writeString(home.resolve("queue"), "not a directory");
        IllegalStateException e = assertThrows(IllegalStateException.class, this::activateWithoutLayout);
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }

    @Test
    void usableQueueDirectoryPassesAndKeepsNoProbe() throws IOException {
        Path queue = Files.createDirectory(home.resolve("queue"));
        QueueDirectory.requireUsable(queue);
        try (var files = Files.list(queue)) {
            assertTrue(files.findAny().isEmpty(), "the write probe is removed");
        }
    }

    private void activateWithoutLayout() {
        Map<String, Object> config = new HashMap<>();
        config.put("home", home.toString());
        new QueueService().activate(Converters.standardConverter().convert(config).to(QueueServiceConfiguration.class));
    }
}
