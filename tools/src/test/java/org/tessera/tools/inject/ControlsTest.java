package org.tessera.tools.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class ControlsTest {

    private static Function<String, Optional<String>> files(Map<String, String> files) {
        return name -> Optional.ofNullable(files.get(name));
    }

    @Test
    void fallsBackToTheControlsOwnNames() {
        assertEquals(new Controls("defaulthost", "defaultdomain", "plusdomain", "idhost"),
                Controls.resolve(Map.of(), files(Map.of())));
    }

    @Test
    void fallsBackToMe() {
        assertEquals(new Controls("me.example", "me.example", "me.example", "me.example"),
                Controls.resolve(Map.of(), files(Map.of("me", "me.example\n"))));
    }

    @Test
    void prefersTheControlFilesStrippedOfTrailingWhitespace() {
        Map<String, String> files = new HashMap<>(Map.of("me", "me.example", "defaulthost", "host.example \t\n",
                "defaultdomain", "domain.example", "plusdomain", "plus.example", "idhost", ""));
        assertEquals(new Controls("host.example", "domain.example", "plus.example", ""),
                Controls.resolve(Map.of(), files(files)));
    }

    @Test
    void prefersTheEnvironmentEvenWhenEmpty() {
        Map<String, String> environment = Map.of("QMAILDEFAULTHOST", "env-host", "QMAILDEFAULTDOMAIN", "",
                "QMAILPLUSDOMAIN", "env-plus", "QMAILIDHOST", "env-id");
        assertEquals(new Controls("env-host", "", "env-plus", "env-id"),
                Controls.resolve(environment, files(Map.of("defaulthost", "file-host", "me", "me.example"))));
    }
}
