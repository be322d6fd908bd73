package org.tessera.queue.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link QueueService}. */
@ObjectClassDefinition(
        id = QueueService.PID,
        name = "Tessera queue",
        description = "The durable queue (qmail-queue): where it lives and how injections are synced.")
@interface QueueServiceConfiguration {

    @AttributeDefinition(
            name = "Home",
            description = "The home directory holding queue/. Empty: the parent of the control directory"
                    + " of the ControlFiles service.")
    String home() default "";

    @AttributeDefinition(
            name = "Worker threads",
            description = "Injections read and written at the same time; each holds a thread while its"
                    + " stream delivers bytes. More wait their turn.")
    int workerThreads() default 100;

    @AttributeDefinition(
            name = "Group commit",
            description = "Share one sync of the queue log among all records ready at the same moment."
                    + " Off: one sync per record (for measurements only).")
    boolean groupCommit() default true;

    @AttributeDefinition(
            name = "Stop wait",
            description = "Seconds a stop waits for running deliveries and bounces to report (qmail-send"
                    + " waits for its children on TERM); what still runs then is repeated after the next start.")
    long stopWaitSeconds() default 30;

    @AttributeDefinition(
            name = "Spawn limit",
            description = "qmail's conf-spawn: the most deliveries of one channel at once, whatever"
                    + " concurrencylocal and concurrencyremote say (qmail: 120, compiled in, at most 255)."
                    + " Tessera's remote channel holds no thread per delivery, so a provider may raise it"
                    + " (1 to 1000) to let concurrencyremote go further.",
            min = "1", max = "1000")
    int spawnLimit() default Scheduler.DEFAULT_SPAWN_LIMIT;

    @AttributeDefinition(
            name = "Log segment bytes",
            description = "A queue log file this long is closed and a new one begun; closed files are"
                    + " removed once every message in them is finished.")
    long logSegmentBytes() default 16L << 20;

    @AttributeDefinition(
            name = "Inline limit",
            description = "Messages up to this many bytes are stored inside the queue log; bigger ones"
                    + " get a file of their own in queue/msg.")
    int inlineLimit() default 128 << 10;
}
