package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;

/** The connection is read only while the session waits for nothing and its pipe has room. */
class ReadGateTest {

    @Test
    void readsOnlyWhenNeitherAnAnswerNorAFullPipeHoldsItBack() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ReadGate gate = new ReadGate(new ChannelTransport(channel, channel.eventLoop(), null, succeeded -> { }, false));
        assertTrue(gate.isHeld(), "a session starts held, until its greeting");

        gate.release();
        assertTrue(channel.config().isAutoRead());
        assertFalse(gate.heldBack());

        gate.pipeFlow(false);
        assertFalse(channel.config().isAutoRead());
        assertTrue(gate.heldBack());
        gate.hold();
        gate.pipeFlow(true);
        assertFalse(channel.config().isAutoRead(), "still waiting for the answer");
        gate.release();
        assertEquals(true, channel.config().isAutoRead());
        channel.finishAndReleaseAll();
    }
}
