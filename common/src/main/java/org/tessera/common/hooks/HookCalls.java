package org.tessera.common.hooks;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import org.tessera.api.policy.Verdict;

/**
 * Calls a listener's plugin hooks (policies, filters, connection rules) on threads of their own,
 * each call with a deadline, so a hook that hangs or throws costs the session a temporary
 * failure and never a listener thread or an acceptance.
 *
 * <p>A call that passes its deadline is answered at once with {@link HookFailure} and its thread
 * is interrupted; until the hook returns, that thread stays busy and later calls wait for the
 * others, their deadline running meanwhile, so hooks that all hang fail closed rather than
 * piling up threads.
 */
public final class HookCalls {

    private final ThreadPoolExecutor threads;
    private final long deadlineMillis;
    private volatile HookMeters meters = HookMeters.NONE;
    private volatile Predicate<Object> registered = hook -> true;

    /**
     * @param name the threads' name prefix, for example {@code tessera-smtp-smtp-hook}
     * @param threadCount the most calls running at once
     * @param deadline how long one call may take
     */
    public HookCalls(String name, int threadCount, Duration deadline) {
        AtomicInteger number = new AtomicInteger();
        threads = new ThreadPoolExecutor(threadCount, threadCount, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, name + "-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        threads.allowCoreThreadTimeOut(true);
        deadlineMillis = deadline.toMillis();
    }

    /**
     * Measures the calls from now on (each plugin's call time, timeouts and failures), or stops
     * measuring them with {@link HookMeters#NONE}: for a listener's metrics service coming and going.
     *
     * @param meters where the calls are measured
     */
    public void measure(HookMeters meters) {
        this.meters = meters;
    }

    /**
     * Tells how to see whether a hook is still registered. An answer from a hook whose service went away
     * during the call (its bundle stopped, updated or uninstalled) is then taken as a failure, not as its
     * answer: a plugin being stopped may answer anything, and its "accept" must not open a relay or let a
     * message through unchecked. Without it every answer counts.
     *
     * @param registered whether a hook is among the services the caller uses now
     */
    public void registration(Predicate<Object> registered) {
        this.registered = registered;
    }

    /**
     * Calls one hook.
     *
     * @param hook the hook, named in a failure
     * @param call what to ask it
     * @return its answer; completed exceptionally with {@link HookFailure} when it threw, answered
     *         {@code null}, passed the deadline or was unregistered before it answered
     */
    public <R> CompletableFuture<R> call(Object hook, Callable<R> call) {
        CompletableFuture<R> answer = new CompletableFuture<>();
        Future<?> running;
        try {
            running = threads.submit(() -> {
                long started = System.nanoTime();
                boolean failed;
                try {
                    R result = call.call();
                    if (result == null) {
                        failed = answer.completeExceptionally(new HookFailure(hook + " gave no answer", null));
                    } else if (!registered.test(hook)) {
                        failed = answer.completeExceptionally(new HookFailure(hook + " was stopped during the call",
                                null));
                    } else {
                        answer.complete(result);
                        failed = false;
                    }
                } catch (Exception | LinkageError e) {
                    // LinkageError: a plugin bundle refreshed under the call.
                    failed = answer.completeExceptionally(new HookFailure(hook + " failed: " + e, e));
                }
                // After the answer, so that measuring never delays or changes it; a call that passed its
                // deadline was counted as a timeout, not again as a failure.
                HookMeters measuring = meters;
                measuring.called(hook, System.nanoTime() - started);
                if (failed) {
                    measuring.failed(hook);
                }
            });
        } catch (RuntimeException rejected) {
            answer.completeExceptionally(new HookFailure("no thread to call " + hook + ": " + rejected, rejected));
            return answer;
        }
        answer.orTimeout(deadlineMillis, TimeUnit.MILLISECONDS).whenComplete((result, failure) -> {
            if (failure instanceof TimeoutException) {
                running.cancel(true);
                meters.timedOut(hook);
            }
        });
        return answer.exceptionallyCompose(failure -> CompletableFuture.failedFuture(failure instanceof TimeoutException
                ? new HookFailure(hook + " passed its deadline of " + deadlineMillis + " ms", null) : failure));
    }

    /**
     * Asks the hooks of a chain in order until one decides.
     *
     * @param chain the hooks, first to ask first; a snapshot that does not change while it is asked
     * @param ask what to ask a hook, with {@link #call}
     * @param decides whether an answer ends the chain
     * @param undecided the answer when none decides (or the chain is empty)
     * @return the deciding answer or {@code undecided}; completed exceptionally with {@link HookFailure}
     *         at the first hook that fails, which also ends the chain
     */
    public <H, R> CompletableFuture<R> firstDeciding(List<H> chain, Function<H, CompletableFuture<R>> ask,
            Predicate<R> decides, R undecided) {
        return next(chain, 0, ask, decides, Objects.requireNonNull(undecided, "undecided"));
    }

    /**
     * Asks a chain of policies (connection-time, HELO, sender, relay), each call with the deadline,
     * for the first verdict with an opinion.
     *
     * @return that verdict, or {@link Verdict#NO_OPINION} when none has one; completed exceptionally
     *         with {@link HookFailure} at the first policy that fails
     */
    public <P> CompletableFuture<Verdict> firstOpinion(List<P> chain, Function<P, Verdict> check) {
        return firstDeciding(chain, policy -> call(policy, () -> check.apply(policy)),
                verdict -> verdict.outcome() != Verdict.Outcome.NO_OPINION, Verdict.NO_OPINION);
    }

    private <H, R> CompletableFuture<R> next(List<H> chain, int index,
            Function<H, CompletableFuture<R>> ask, Predicate<R> decides, R undecided) {
        if (index == chain.size()) {
            return CompletableFuture.completedFuture(undecided);
        }
        return ask.apply(chain.get(index)).thenCompose(answer -> decides.test(answer)
                ? CompletableFuture.completedFuture(answer) : next(chain, index + 1, ask, decides, undecided));
    }

    /** Stops the threads; calls under way are interrupted and their sessions get a temporary failure. */
    public void shutdown() {
        threads.shutdownNow();
    }

    /**
     * Unwraps a failure of {@link #call} or {@link #firstDeciding} from a dependent stage.
     *
     * @param failure what a stage completed with
     * @return the hook failure within it, or one describing it
     */
    public static HookFailure failureOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return cause instanceof HookFailure hookFailure ? hookFailure : new HookFailure(String.valueOf(cause), cause);
    }

    /** A hook call that gave no usable answer: it threw, answered null or passed its deadline. */
    public static final class HookFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HookFailure(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
