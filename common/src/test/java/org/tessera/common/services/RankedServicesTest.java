package org.tessera.common.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Highest service.ranking first, the older service (lower service.id) first among equals; a rebind moves it. */
class RankedServicesTest {

    @Test
    void ordersByRankingThenAgeAndFindsByProperty() {
        RankedServices<String> services = new RankedServices<>();
        services.bind("old", Map.of("service.id", 1L, "kind", "maildir"));
        services.bind("new", Map.of("service.id", 2L, "kind", "maildir"));
        services.bind("high", Map.of("service.id", 3L, "service.ranking", 10, "kind", "mbox"));
        assertEquals(List.of("high", "old", "new"), services.services());
        assertEquals(Optional.of("old"), services.first("kind", "maildir"));
        assertEquals("old", services.firstByProperty("kind").get("maildir").service());

        services.bind("new", Map.of("service.id", 2L, "service.ranking", 20, "kind", "maildir"));
        assertEquals(List.of("new", "high", "old"), services.services());
        services.unbind("new");
        services.unbind("high");
        assertEquals(List.of("old"), services.services());
        assertEquals(Optional.empty(), services.first("kind", "mbox"));
    }
}
