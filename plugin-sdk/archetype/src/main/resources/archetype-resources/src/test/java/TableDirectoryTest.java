package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.users.MailUser;

class TableDirectoryTest {

    private static TableDirectory directory(String... users) {
        TableDirectory directory = new TableDirectory();
        directory.activate(Converters.standardConverter().convert(Map.of("users", users))
                .to(TableDirectoryConfiguration.class));
        return directory;
    }

    @Test
    void findsListedAddressesWithAndWithoutExtension() {
        TableDirectory directory = directory("sales@example.com:sales:1001:1002:/home/sales");

        assertEquals(Optional.of(new MailUser("sales", 1001, 1002, "/home/sales", "", "")),
                directory.find(MailAddress.parse("Sales@Example.COM")));
        assertEquals(Optional.of(new MailUser("sales", 1001, 1002, "/home/sales", "-", "Europe-North")),
                directory.find(MailAddress.parse("sales-Europe-North@example.com")));
        assertEquals(Optional.empty(), directory.find(MailAddress.parse("sales@example.org")));
        assertEquals(Optional.empty(), directory.find(MailAddress.parse("support@example.com")));
    }

    @Test
    void refusesAMalformedEntry() {
        assertThrows(IllegalArgumentException.class, () -> directory("sales@example.com:sales:1001:1002:relative/home"));
        assertThrows(IllegalArgumentException.class, () -> directory("sales:sales:1001:1002:/home/sales"));
    }
}
