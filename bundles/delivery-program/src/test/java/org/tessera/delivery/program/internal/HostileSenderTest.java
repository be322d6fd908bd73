package org.tessera.delivery.program.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.testkit.TestMessage;

/**
 * A sender made of shell syntax (OpenSMTPD's CVE-2020-7247 put one into a shell command line) reaches
 * a {@code |command} delivery only as the value of {@code SENDER} and its kin: the shell runs the
 * user's own command and never the sender, quoted or not.
 */
@Timeout(60)
class HostileSenderTest {

    @TempDir
    Path home;

    // MARKER stands for the file a successful injection would create.
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"$(touch MARKER)\"@x.test", "$(touch MARKER)@x.test", "`touch MARKER`@x.test",
        ";touch MARKER;@x.test", "|touch MARKER@x.test", "a&&touch MARKER@x.test", "'; touch MARKER; '@x.test",
        "\"; touch MARKER; \"@x.test", "a\ntouch MARKER\n@x.test", "a\rtouch MARKER@x.test", "${IFS}touch${IFS}MARKER@x.test",
        "$(touch${IFS}MARKER)@x.test", "-c touch MARKER@x.test", "a@x.test$(touch MARKER)", "<>MARKER@x.test"})
    void theSenderIsOnlyInTheEnvironmentAndNeverRunByTheShell(String template) throws IOException {
        Path marker = home.resolve("pwned");
        String sender = template.replace("MARKER", marker.toString());
        Delivery delivery = delivery(sender,
                // The user's command uses the variables as real .qmail lines do: quoted, unquoted, in a here-document.
                "printf '%s' \"$SENDER\" > sender.out; printf '%s' \"$NEWSENDER\" > newsender.out;"
                        + " echo $SENDER $RPLINE > /dev/null; cat > /dev/null <<EOF\n$SENDER\nEOF\n");
        assertEquals(Outcome.SUCCESS, new ProgramTarget().deliver(delivery).outcome());
        assertFalse(Files.exists(marker), "the shell ran part of the sender");
        assertEquals(sender, Files.readString(home.resolve("sender.out"), StandardCharsets.UTF_8));
        assertEquals(sender, Files.readString(home.resolve("newsender.out"), StandardCharsets.UTF_8));
    }

    @Test
    void aCommandThatItselfEvaluatesTheSenderIsWhatTheMarkerCatches() {
        // The user's own command may do anything with the value, as in qmail; here, to show the marker works.
        Path marker = home.resolve("pwned");
        Delivery delivery = delivery("$(touch " + marker + ")@x.test", "eval \"sender=$SENDER\"");
        assertEquals(Outcome.SUCCESS, new ProgramTarget().deliver(delivery).outcome());
        assertTrue(Files.exists(marker));
    }

    private Delivery delivery(String sender, String command) {
        return Deliveries.to(home, "joe-ext").sender(sender).argument(command)
                .content(TestMessage.of("Subject: hi\n\nhello\n")).build();
    }
}
