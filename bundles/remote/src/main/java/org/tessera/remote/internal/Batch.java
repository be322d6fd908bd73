package org.tessera.remote.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.tessera.api.queue.DeliveryReport;

/**
 * The recipients one session carries: one, as qmail-rspawn hands qmail-remote, or (beyond qmail,
 * when configured) every recipient of the same message, sender and domain that arrives before the
 * addresses are known.
 */
final class Batch {

    private final Transaction first;
    private final List<String> recipients = new ArrayList<>();
    private final List<CompletableFuture<DeliveryReport>> results = new ArrayList<>();
    private boolean sealed;

    Batch(Transaction first, CompletableFuture<DeliveryReport> result) {
        this.first = first;
        recipients.addAll(first.recipients());
        results.add(result);
    }

    /** Adds a recipient, unless the session's recipients are already fixed. */
    synchronized boolean join(String recipient, CompletableFuture<DeliveryReport> result) {
        if (sealed) {
            return false;
        }
        recipients.add(recipient);
        results.add(result);
        return true;
    }

    /** The transaction as the first recipient made it: sender, message, greeting, limits. */
    Transaction first() {
        return first;
    }

    /** Fixes the recipients (at MAIL, so that those arriving while DNS and the connect ran join) and returns them. */
    synchronized Transaction seal() {
        sealed = true;
        return new Transaction(first.sender(), recipients, first.content(), first.helo(), first.timeoutSeconds(),
                first.ehlo(), first.tlsRequired());
    }

    /** Gives each recipient its report, folded as qmail-rspawn folds qmail-remote's. */
    void complete(SessionResult result) {
        List<CompletableFuture<DeliveryReport>> all;
        synchronized (this) {
            sealed = true;
            all = List.copyOf(results);
        }
        for (int i = 0; i < all.size(); i++) {
            all.get(i).complete(result.reportFor(i));
        }
    }
}
