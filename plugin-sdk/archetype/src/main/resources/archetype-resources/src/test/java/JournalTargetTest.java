package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.testkit.TestDelivery;
import org.tessera.testkit.TestMessage;

class JournalTargetTest {

    @TempDir
    Path directory;

    private JournalTarget target(Path file) {
        JournalTarget target = new JournalTarget();
        target.activate(Converters.standardConverter().convert(Map.of("file", file.toString()))
                .to(JournalTargetConfiguration.class));
        return target;
    }

    @Test
    void appendsOneLinePerMessage() throws Exception {
        Path journal = directory.resolve("journal.log");
        JournalTarget target = target(journal);
        TestMessage message = TestMessage.of("Subject: hello\n\nbody\n");

        DeliveryResult first = target.deliver(TestDelivery.to("joe@example.com").sender("ann@example.org")
                .messageId(7).argument("alerts").content(message).build());
        target.deliver(TestDelivery.to("joe@example.com").argument("").content(message).build());

        assertEquals(DeliveryResult.Outcome.SUCCESS, first.outcome());
        List<String> lines = Files.readAllLines(journal);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).endsWith(" alerts 7 <ann@example.org> <joe@example.com> " + message.size()), lines.get(0));
        assertTrue(lines.get(1).contains(" - "), "an empty tag is written as -: " + lines.get(1));
    }

    @Test
    void aJournalThatCannotBeWrittenDefers() {
        JournalTarget target = target(directory.resolve("missing-directory/journal.log"));

        DeliveryResult result = target.deliver(TestDelivery.to("joe@example.com").argument("alerts")
                .content(TestMessage.of("Subject: x\n\n")).build());

        assertEquals(DeliveryResult.Outcome.TEMPORARY, result.outcome());
        assertTrue(result.text().endsWith("(#4.3.0)"), result.text());
    }
}
