package org.tessera.tools.inject;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Runs QmailInject at a fixed time and pid with captured streams and a queue that records what it gets. */
final class InjectRun implements MessageQueue {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-05T07:08:09Z"), ZoneOffset.UTC);
    static final long PID = 4242;

    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final List<String> recipients = new ArrayList<>();
    String sender;
    String message;
    /** The spool's temporary file, null for a message held in memory. */
    Path messageFile;
    int queueExitCode;
    int exitCode;

    static InjectRun of(List<String> args, Map<String, String> environment, String input, Path temporaryDirectory) {
        return of(args, environment, name -> Optional.empty(), new ByteArrayInputStream(input.getBytes(ISO_8859_1)),
                new QmailInject(CLOCK, PID, temporaryDirectory), 0);
    }

    static InjectRun of(List<String> args, Map<String, String> environment,
            Function<String, Optional<String>> controlFile, InputStream input, QmailInject inject, int queueExitCode) {
        InjectRun run = new InjectRun();
        run.queueExitCode = queueExitCode;
        run.exitCode = inject.run(args, environment, controlFile, input, new PrintStream(run.stdout, true),
                new PrintStream(run.stderr, true), run);
        return run;
    }

    @Override
    public int inject(String sender, List<String> recipients, Spool message, PrintStream stderr) {
        this.sender = sender;
        this.recipients.addAll(recipients);
        this.messageFile = message.file();
        try (InputStream in = message.open()) {
            this.message = new String(in.readAllBytes(), ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (queueExitCode != 0) {
            stderr.print("qmail-inject: fatal: refused\n");
        }
        return queueExitCode;
    }

    String out() {
        return stdout.toString(ISO_8859_1);
    }

    String err() {
        return stderr.toString(ISO_8859_1);
    }

    /** The envelope as the reference files hold it: qmail-queue's F and T records, one a line. */
    String envelope() {
        StringBuilder envelope = new StringBuilder("F").append(sender).append('\n');
        recipients.forEach(recipient -> envelope.append('T').append(recipient).append('\n'));
        return envelope.append('\n').toString();
    }
}
