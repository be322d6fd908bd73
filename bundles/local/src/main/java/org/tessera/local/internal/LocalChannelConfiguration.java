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
}
