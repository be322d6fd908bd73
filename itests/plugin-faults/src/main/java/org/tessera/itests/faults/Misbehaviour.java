package org.tessera.itests.faults;

import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ways a plugin of this bundle misbehaves, by name: {@code throws}, {@code hangs}, {@code stopped} (blocks
 * until its component is deactivated, then gives the answer that would let the mail through) and
 * {@code leaks} (starts a thread that never ends). Each component holds one and ends it in its deactivation.
 */
final class Misbehaviour {

    private static final Logger LOG = LoggerFactory.getLogger(Misbehaviour.class);

    private final String plugin;
    private final CountDownLatch deactivated = new CountDownLatch(1);

    Misbehaviour(String plugin) {
        this.plugin = plugin;
    }

    /**
     * Misbehaves as {@code fault} says, or returns at once when it names none.
     *
     * @return true when the call was blocked until the component was stopped, and should now answer as a
     *         plugin that knows nothing of its stop would
     */
    boolean act(String fault) {
        switch (fault) {
            case "throws" -> throw new IllegalStateException(plugin + " throws, as asked");
            case "hangs" -> {
                LOG.warn("{} hangs, as asked", plugin);
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(plugin + " interrupted while it hung", e);
                }
            }
            case "stopped" -> {
                LOG.warn("{} waits to be stopped, as asked", plugin);
                try {
                    deactivated.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(plugin + " interrupted while it waited", e);
                }
                return true;
            }
            case "leaks" -> {
                Thread leaked = new Thread(() -> {
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "faulty-leaked-by-" + plugin);
                leaked.start();
                LOG.warn("{} leaked thread {}, as asked", plugin, leaked.getName());
            }
            default -> {
                // no fault asked for: behave
            }
        }
        return false;
    }

    /** The component is being deactivated: calls waiting for it go on. */
    void deactivated() {
        deactivated.countDown();
    }
}
