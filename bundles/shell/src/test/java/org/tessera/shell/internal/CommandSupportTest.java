package org.tessera.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.queue.QueueAdmin;

class CommandSupportTest {

    @Test
    void messageIdsWithOrWithoutHash() {
        assertEquals(123, QueueCommands.id("123"));
        assertEquals(123, QueueCommands.id("#123"));
        for (String bad : new String[] {"", "#", "0", "-4", "12a", "99999999999999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QueueCommands.id(bad));
            assertEquals("not a message id: " + bad + " (see qmail:queue)", e.getMessage());
        }
    }

    @Test
    void missingServicesFailWithAClearMessage() {
        assertEquals("the queue is not running: no QueueAdmin service",
                assertThrows(IllegalStateException.class, () -> QueueCommands.require((QueueAdmin) null)).getMessage());
        assertEquals("the control files are not loaded: no ControlFiles service",
                assertThrows(IllegalStateException.class, () -> QueueCommands.require((ControlFiles) null))
                        .getMessage());
    }

    @Test
    void reloadNamesTheChangedFilesSorted() {
        assertEquals("reloaded /h/control: changed: locals rcpthosts (generation 3)",
                ReloadFormat.line("/h/control", Set.of("rcpthosts", "locals"), 3));
        assertEquals("reloaded /h/control: no file changed (generation 2)", ReloadFormat.line("/h/control", Set.of(), 2));
    }
}
