package org.tessera.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link LocalChannel}. */
@ObjectClassDefinition(
        id = LocalChannel.PID,
        name = "Tessera local delivery (qmail-lspawn, qmail-local)",
        description = "The LOCAL delivery channel: finds the user of each local recipient and carries out"
                + " its .qmail file.")
@interface LocalChannelConfiguration {

    @AttributeDefinition(
            name = "Worker threads",
            description = "The most local deliveries carried out at once. The queue starts at most"
                    + " concurrencylocal (at most 120) at a time, so more threads than that are never used;"
                    + " fewer make the extra deliveries wait their turn. Threads are started as needed"
                    + " and end after a minute without work.",
            min = "1")
    int workerThreads() default 120;

    @AttributeDefinition(
            name = "User process idle time",
            description = "When the server runs as root: seconds a user's delivery process waits for the"
                    + " next delivery before it ends (each user's deliveries run in a process of that user's"
                    + " uid and gid, started at the first one).",
            min = "1")
    long userProcessIdleSeconds() default 60;

    @AttributeDefinition(
            name = "Most user processes",
            description = "When the server runs as root: how many user processes may run at once; a new"
                    + " user's first delivery ends the longest idle one beyond this.",
            min = "1")
    int maxUserProcesses() default 20;

    @AttributeDefinition(
            name = "Plugin deadline",
            description = "Seconds a plugin's user directory or delivery target (one of a kind of its own, run in the"
                    + " server) may take for one recipient: past it the delivery is deferred and the call"
                    + " interrupted, so a plugin that hangs holds no worker and no message for good. The built-in"
                    + " kinds (maildir, mbox, program, forward) are not limited, as qmail-local's are not.",
            min = "1")
    long pluginTimeoutSeconds() default 300;
}
