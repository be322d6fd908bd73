package org.tessera.pop3.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.tessera.api.auth.AuthResult;
import org.tessera.api.maillog.MailLog;
import org.tessera.common.auth.CheckerChain;

/**
 * What a POP3 session gets from its listener: qmail-popup's host name and timeout, the checker
 * chain, and the workers that run the checkers and, as the account, the long Maildir operations.
 *
 * @param hostName the host name of the APOP timestamp
 * @param timeoutSeconds idle time after which a session is closed (qmail's 1200)
 * @param maxCommandBytes the longest command line taken
 * @param identity the account's file-system identity switch, or null when the server is not root
 *        (then every file operation runs as the server's own user)
 */
record Pop3Settings(String hostName, long timeoutSeconds, int maxCommandBytes, CheckerChain chain, Executor workers,
        AccountIdentity identity, MailLog mailLog) {

    boolean serverIsRoot() {
        return identity != null;
    }

    /** Asks the checker chain on a worker; the password array is cleared there. */
    CompletionStage<CheckerChain.Answer> login(String name, byte[] password, String timestamp) {
        return run(() -> chain.check(name, password, timestamp));
    }

    /** Runs a file operation on a worker with the account's identity (as root) or the server's. */
    <T> CompletionStage<T> asAccount(AuthResult account, Callable<T> task) {
        return identity == null ? run(task) : run(() -> identity.call(account.uid(), account.gid(), task));
    }

    /**
     * Runs a short file operation on the calling thread with the account's identity (as root) or the
     * server's: one open and read saves two hand-overs between threads per message.
     */
    <T> T asAccountNow(AuthResult account, Callable<T> task) throws Exception {
        return identity == null ? task.call() : identity.call(account.uid(), account.gid(), task);
    }

    private <T> CompletionStage<T> run(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                try {
                    result.complete(task.call());
                } catch (Exception e) {
                    result.completeExceptionally(e);
                } catch (Error e) {
                    result.completeExceptionally(e);
                    // The worker dies with it (a thread that kept an account's identity among them).
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }
}
