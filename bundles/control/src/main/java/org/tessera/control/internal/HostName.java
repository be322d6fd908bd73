package org.tessera.control.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Finds the name for a new {@code control/me}: the host's fully qualified name, else its plain host name. */
final class HostName {

    private HostName() {
    }

    /**
     * Asks the resolver for the canonical name of the local host, waiting at most {@code wait}; takes
     * the kernel's host name when the answer is late, fails, or is an address or {@code localhost}.
     */
    static String detect(Duration wait) {
        CompletableFuture<String> canonical = new CompletableFuture<>();
        // A resolver call cannot be interrupted. The thread is a daemon and ends with the resolver's own
        // timeout; it runs once, when a new home gets its me, so a late answer costs the wait, not the boot.
        Thread lookup = new Thread(() -> {
            try {
                canonical.complete(InetAddress.getLocalHost().getCanonicalHostName());
            } catch (IOException | RuntimeException e) {
                canonical.completeExceptionally(e);
            }
        }, "tessera-hostname");
        lookup.setDaemon(true);
        lookup.start();
        try {
            String name = strip(canonical.get(wait.toMillis(), TimeUnit.MILLISECONDS));
            if (isName(name)) {
                return name;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // fall through to the host name, as qmail's config-fast would be given it by hand
        }
        return kernelHostName();
    }

    /** Tells whether a resolver answer names this host: not empty, not an address, not localhost. */
    static boolean isName(String name) {
        if (name == null || name.isEmpty() || name.indexOf(':') >= 0) {
            return false; // an IPv6 literal has colons
        }
        String lower = ControlParsers.lower(name);
        if (lower.equals("localhost") || lower.startsWith("localhost.")) {
            return false;
        }
        return !lower.matches("[0-9.]+");
    }

    /** What {@code hostname} prints, without spawning it; {@code localhost} when nothing names the host. */
    static String kernelHostName() {
        for (Path file : new Path[] {Path.of("/proc/sys/kernel/hostname"), Path.of("/etc/hostname")}) {
            try {
                String name = strip(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                if (!name.isEmpty()) {
                    return name;
                }
            } catch (IOException e) {
                // not Linux, or no such file: try the next source
            }
        }
        String environment = System.getenv("HOSTNAME");
        return environment == null || strip(environment).isEmpty() ? "localhost" : strip(environment);
    }

    private static String strip(String name) {
        String stripped = name.strip();
        // A trailing dot is the DNS root, not part of the name qmail expects in me.
        return stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }
}
