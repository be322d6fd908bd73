package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.queue.internal.SchedulerFixture.T0;
import static org.tessera.queue.internal.SchedulerFixture.await;
import static org.tessera.queue.internal.SchedulerTest.SENDER;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.QueuedMessage;
import org.tessera.api.queue.QueuedRecipient.State;
import org.tessera.queue.internal.send.MemoryControlFiles;

/** A new QueueService over the same directory: recorded results hold, the rest is redone. */
class SchedulerRestartTest {

    @TempDir
    Path home;

    private SchedulerFixture open() {
        return new SchedulerFixture(home, new MemoryControlFiles().locals("example.com"), new MutableClock(T0));
    }

    @Test
    void restartRedeliversOnlyUnfinishedRecipients() throws Exception {
        long id;
        try (SchedulerFixture first = open()) {
            // The first recipient is delivered and recorded; the others are cut off mid-delivery.
            TestChannel held = new TestChannel(Channel.LOCAL, c -> c.to().startsWith("u0@") ? TestChannel.OK : null);
            first.bind(held);
            id = first.inject(SENDER, "u0@example.com", "u1@example.com", "u2@example.com");
            long msg = id;
            await("u0 recorded", () -> {
                try {
                    return first.queue.store().get().read(msg).orElseThrow().states().get(0) == State.DELIVERED
                            && held.calls().size() == 3;
                } catch (Exception e) {
                    return false;
                }
            });
        }
        try (SchedulerFixture second = open()) {
            TestChannel local = new TestChannel(Channel.LOCAL, c -> TestChannel.OK);
            second.bind(local);
            await("ended", () -> second.log.contains("end msg " + id));
            List<String> delivered = local.calls().stream().map(TestChannel.Call::to).sorted().toList();
            assertEquals(List.of("u1@example.com", "u2@example.com"), delivered);
            assertTrue(second.queueEmpty());
        }
    }

    @Test
    void finishedButNotRemovedMessageIsBouncedAndRemovedAtStart() throws Exception {
        long id;
        try (SchedulerFixture first = open()) {
            // No channel: the scheduler holds it; the failure is recorded as a crash would leave it.
            id = first.inject(SENDER, "b@example.com");
            await("taken up", () -> first.queue.status().messages() == 1);
            first.queue.store().get().record(id, 0, State.FAILED, "No mailbox.\n").join();
        }
        try (SchedulerFixture second = open()) {
            await("ended", () -> second.log.contains("end msg " + id));
            QueuedMessage bounce = SchedulerTest.onlyMessage(second);
            assertEquals(MailAddress.NULL_SENDER, bounce.sender());
            assertTrue(SchedulerTest.content(second, bounce.id()).contains("<b@example.com>:\nNo mailbox.\n\n"));
        }
    }

    @Test
    void administratorBounceAndRemove() throws Exception {
        try (SchedulerFixture f = open()) {
            long kept = f.inject(SENDER, "b@example.com");
            long gone = f.inject(SENDER, "c@example.com");
            await("taken up", () -> f.queue.status().messages() == 2);
            assertTrue(f.queue.remove(gone));
            assertTrue(f.queue.bounce(kept, "Message bounced by the administrator. (#5.0.0)"));
            await("ended", () -> f.log.contains("end msg " + kept));
            QueuedMessage bounce = SchedulerTest.onlyMessage(f);
            assertTrue(SchedulerTest.content(f, bounce.id())
                    .contains("<b@example.com>:\nMessage bounced by the administrator. (#5.0.0)\n\n"));
            assertEquals(false, f.queue.retry(gone));
        }
    }
}
