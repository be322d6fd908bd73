package org.tessera.remote.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * One DNS question asked without blocking, answered as qmail's resolve() sees it: records found;
 * hard (NXDOMAIN, or no record of that type); soft (anything else: SERVFAIL, REFUSED, timeout).
 * CNAMEs are followed, in the answer or by asking again for their target.
 *
 * <p>Beyond qmail, which leaves caching to the resolver it asks: the same question asked while it
 * is under way is not sent again (hundreds of deliveries to one domain at once would otherwise send
 * hundreds of identical questions, and a busy resolver drops some, deferring those deliveries), and
 * an answer with records is kept for as long as the records' smallest TTL says (never with TTL 0).
 */
final class DnsLookup {

    enum Status { FOUND, HARD, SOFT }

    record Answer(Status status, List<Record> records) {
        static final Answer HARD = new Answer(Status.HARD, List.of());
        static final Answer SOFT = new Answer(Status.SOFT, List.of());
    }

    /** As many CNAME links as a chain may have before it counts as a loop. */
    private static final int MAX_CNAMES = 10;
    // Enough for every domain a busy day of deliveries touches; beyond it the cache starts over.
    private static final int MAX_CACHED = 10_000;

    private record Question(Name name, int type) {
    }

    private record Cached(Answer answer, long expiresNanos) {
    }

    private final Resolver resolver;
    private final Map<Question, Cached> cache = new ConcurrentHashMap<>();
    private final Map<Question, CompletableFuture<Answer>> asking = new ConcurrentHashMap<>();

    DnsLookup(Resolver resolver) {
        this.resolver = resolver;
    }

    /** Asks for records of one type; callbacks run on {@code executor}. */
    CompletionStage<Answer> query(String host, int type, Executor executor) {
        Name name;
        try {
            name = Name.fromString(host, Name.root);
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(Answer.HARD);
        }
        Question question = new Question(name, type);
        Optional<Answer> cached = cached(question);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> shared = asking.putIfAbsent(question, mine);
        if (shared == null) {
            shared = mine;
            // An answer kept just before the question before this one left the table needs no question.
            Optional<Answer> justKept = cached(question);
            if (justKept.isPresent()) {
                asking.remove(question, mine);
                mine.complete(justKept.get());
                return mine.thenApplyAsync(answer -> answer, executor);
            }
            query(name, type, executor, 0).whenComplete((answer, failure) -> {
                Answer result = failure != null || answer == null ? Answer.SOFT : answer;
                keep(question, result);
                asking.remove(question, mine);
                mine.complete(result);
            });
        }
        // Each asker goes on on its own executor, whoever's question went out.
        return shared.thenApplyAsync(answer -> answer, executor);
    }

    private Optional<Answer> cached(Question question) {
        Cached cached = cache.get(question);
        return cached != null && cached.expiresNanos() - System.nanoTime() > 0 ? Optional.of(cached.answer())
                : Optional.empty();
    }

    private void keep(Question question, Answer answer) {
        if (answer.status() != Status.FOUND) {
            return;
        }
        long ttl = answer.records().stream().mapToLong(Record::getTTL).min().orElse(0);
        if (ttl <= 0) {
            return;
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(question, new Cached(answer, System.nanoTime() + TimeUnit.SECONDS.toNanos(ttl)));
    }

    private CompletionStage<Answer> query(Name name, int type, Executor executor, int links) {
        Message question = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        CompletionStage<Message> sent;
        try {
            sent = resolver.sendAsync(question, executor);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Answer.SOFT);
        }
        return sent.handle((response, failure) -> failure != null || response == null ? null : response)
                .thenCompose(response -> response == null
                        ? CompletableFuture.completedFuture(Answer.SOFT)
                        : interpret(response, name, type, executor, links));
    }

    private CompletionStage<Answer> interpret(Message response, Name name, int type, Executor executor, int links) {
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return CompletableFuture.completedFuture(Answer.HARD);
        }
        if (rcode != Rcode.NOERROR) {
            return CompletableFuture.completedFuture(Answer.SOFT);
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        Name current = name;
        int hops = links;
        while (true) {
            List<Record> found = new ArrayList<>();
            Name alias = null;
            for (Record r : answers) {
                if (!r.getName().equals(current)) {
                    continue;
                }
                if (r.getType() == type) {
                    found.add(r);
                } else if (r instanceof CNAMERecord cname) {
                    alias = cname.getTarget();
                }
            }
            if (!found.isEmpty()) {
                return CompletableFuture.completedFuture(new Answer(Status.FOUND, found));
            }
            if (alias == null) {
                break;
            }
            if (++hops > MAX_CNAMES) {
                return CompletableFuture.completedFuture(Answer.HARD);
            }
            current = alias;
        }
        if (!current.equals(name)) {
            return query(current, type, executor, hops);
        }
        return CompletableFuture.completedFuture(Answer.HARD);
    }
}
