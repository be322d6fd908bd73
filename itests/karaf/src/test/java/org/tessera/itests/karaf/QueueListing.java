package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tessera.itests.karaf.Commands.Result;

/**
 * What the running server's queue holds, as {@code ctl queue --list-only} (qmail-qread's
 * listing) prints it: each message with its sender and each recipient with its channel,
 * {@code local} or {@code remote}. The distribution has no delivery bundle, so what is queued
 * stays queued and a listing shows everything a test injected.
 */
final class QueueListing {

    record Recipient(String channel, String address) {
    }

    record Message(long id, long size, String sender, List<Recipient> recipients) {

        boolean hasRecipient(String address) {
            return recipients.stream().anyMatch(r -> r.address().equals(address));
        }
    }

    // QueueFormat.messageLine: "<date> GMT  #<id>  <size>  <sender> " then " bouncing" when one failed.
    private static final Pattern MESSAGE = Pattern.compile("^.* GMT  #(\\d+)  (\\d+)  <(.*)> ?( bouncing)?$");
    // QueueFormat.recipientLine: ["  done"] TAB channel TAB address.
    private static final Pattern RECIPIENT = Pattern.compile("^(?:  done)?\t(local|remote)\t(.*)$");

    private QueueListing() {
    }

    static List<Message> read(Commands commands) throws Exception {
        Result r = commands.tessera(60, "ctl", "queue", "--list-only");
        assertEquals(r.toString(), 0, r.exit());
        List<Message> messages = new ArrayList<>();
        Message current = null;
        for (String line : r.out().split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = MESSAGE.matcher(line);
            if (m.matches()) {
                current = new Message(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3),
                        new ArrayList<>());
                messages.add(current);
                continue;
            }
            Matcher rcpt = RECIPIENT.matcher(line);
            if (rcpt.matches() && current != null) {
                current.recipients().add(new Recipient(rcpt.group(1), rcpt.group(2)));
                continue;
            }
            throw new AssertionError("unexpected line in ctl queue --list-only: [" + line + "] in\n" + r.out());
        }
        return messages;
    }

    /** Lists the queue until some message has {@code recipient}; fails after 30 s. */
    static List<Message> awaitRecipient(Commands commands, String recipient) throws Exception {
        return await(commands, l -> l.stream().anyMatch(m -> m.hasRecipient(recipient)), "a message to " + recipient);
    }

    static List<Message> await(Commands commands, Predicate<List<Message>> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Message> listing;
        do {
            listing = read(commands);
            if (condition.test(listing)) {
                return listing;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the queue never held " + what + "; it holds " + listing);
    }

    /** The messages that have {@code recipient}. */
    static List<Message> to(List<Message> listing, String recipient) {
        return listing.stream().filter(m -> m.hasRecipient(recipient)).toList();
    }

    static Optional<Message> only(List<Message> listing, String recipient) {
        List<Message> found = to(listing, recipient);
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " messages to " + recipient + ": " + found);
        }
        return found.stream().findFirst();
    }
}
