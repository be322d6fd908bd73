package org.tessera.tools.inject;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.tessera.common.mail.RfcQuote;

/**
 * qmail-inject (qmail-inject(8)): reads a message, fixes its header and envelope, and prints it
 * ({@code -n}) or queues it through a {@link MessageQueue}. The header is held in memory up to a
 * limit; the body is streamed through one buffer into a {@link Spool}: memory, or past its limit a
 * temporary file that is deleted afterwards.
 */
public final class QmailInject {

    private static final int DEFAULT_HEADER_LIMIT = 4 * 1024 * 1024;

    private final Clock clock;
    private final long processId;
    private final Path temporaryDirectory;
    private final int bufferSize;
    private final int headerLimit;
    private final int memoryLimit;

    /**
     * @param clock the time of Date, Message-ID and the {@code m} VERP (read once per run)
     * @param processId the number in Message-IDs and the {@code m} VERP, normally the process id
     * @param temporaryDirectory where a message too large for memory is spooled before it is queued
     */
    public QmailInject(Clock clock, long processId, Path temporaryDirectory) {
        this(clock, processId, temporaryDirectory, Spool.BUFFER_SIZE, DEFAULT_HEADER_LIMIT, Spool.MEMORY_LIMIT);
    }

    QmailInject(Clock clock, long processId, Path temporaryDirectory, int bufferSize, int headerLimit,
            int memoryLimit) {
        this.clock = clock;
        this.processId = processId;
        this.temporaryDirectory = temporaryDirectory;
        this.bufferSize = bufferSize;
        this.headerLimit = headerLimit;
        this.memoryLimit = memoryLimit;
    }

    /**
     * Runs qmail-inject once.
     *
     * Arguments, environment values and control lines are text; like qmail-inject, this works on
     * their bytes (UTF-8), so addresses handed to the queue are byte strings (see {@link MessageQueue}).
     *
     * @param args the arguments after the program name: {@code [-nNaAhH] [-f sender] [recip …]}
     * @param environment the environment ({@code QMAILUSER}, {@code QMAILINJECT}, … as qmail-inject(8) lists them)
     * @param controlFile reads the first line of a control file, as for {@link Controls#resolve}
     * @param stdin the message
     * @param stdout receives the message with {@code -n}
     * @param stderr receives the diagnostics
     * @param queue takes the message unless {@code -n} is given
     * @return the exit code: 0, 100 (usage, parse error, permanent refusal) or 111 (temporary failure)
     */
    public int run(List<String> args, Map<String, String> environment, Function<String, Optional<String>> controlFile,
            InputStream stdin, PrintStream stdout, PrintStream stderr, MessageQueue queue) {
        try {
            return inject(args, environment, controlFile, stdin, stdout, stderr, queue);
        } catch (InjectFailure failure) {
            stderr.writeBytes(failure.diagnostic().getBytes(ISO_8859_1));
            stderr.flush();
            return failure.exitCode();
        }
    }

    private int inject(List<String> args, Map<String, String> environment,
            Function<String, Optional<String>> controlFile, InputStream stdin, PrintStream stdout, PrintStream stderr,
            MessageQueue queue) throws InjectFailure {
        Instant start = clock.instant();
        Map<String, String> bytesEnvironment = new HashMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            bytesEnvironment.put(variable.getKey(), bytes(variable.getValue()));
        }
        InjectFlags flags = InjectFlags.of(bytesEnvironment.get("QMAILINJECT"));
        Originator originator = Originator.of(bytesEnvironment);
        MailingLists lists = MailingLists.of(environment);
        Controls controls = controls(bytesEnvironment, controlFile);
        AddressRewriter rewriter = AddressRewriter.of(controls);

        List<String> bytesArgs = new ArrayList<>(args.size());
        for (String arg : args) {
            bytesArgs.add(bytes(arg));
        }
        InjectOptions options = InjectOptions.parse(bytesArgs, rewriter, stderr);

        MessageInput input = new MessageInput(stdin, bufferSize);
        HeaderReader.Header header = HeaderReader.read(input, headerLimit);
        HeaderRewriter fixer = new HeaderRewriter(rewriter, flags, options.sender());
        for (String field : header.fields()) {
            fixer.field(field);
        }
        Optional<String> givenSender = fixer.sender();
        String sender = givenSender.isPresent() ? givenSender.get()
                : originator.defaultSender(flags, start, processId, rewriter);
        String fixedHeader = fixer.header(originator, lists, start, processId, controls.idHost()) + header.bodyStart();
        List<String> recipients = new ArrayList<>(options.recipients());
        if (options.headerRecipients()) {
            recipients.addAll(fixer.recipients());
        }
        if (options.print()) {
            stdout.writeBytes(("Return-Path: <" + RfcQuote.quoteAddress(sender) + ">\n" + fixedHeader)
                    .getBytes(ISO_8859_1));
            copyBody(input, stdout, header.bodyMidLine());
            stdout.flush();
            return 0;
        }
        return spoolAndQueue(sender, recipients, fixedHeader, input, header.bodyMidLine(), stderr, queue);
    }

    private int spoolAndQueue(String sender, List<String> recipients, String fixedHeader, MessageInput input,
            boolean bodyMidLine, PrintStream stderr, MessageQueue queue) throws InjectFailure {
        try (Spool message = new Spool(temporaryDirectory, memoryLimit, bufferSize)) {
            try {
                message.write(fixedHeader.getBytes(ISO_8859_1));
                input.copyRest(message, bodyMidLine);
                message.flush();
            } catch (IOException e) {
                throw InjectFailure.writeError();
            }
            return queue.inject(sender, recipients, message, stderr);
        }
    }

    /** A PrintStream does not throw; it records errors, which qmail-inject ignores on standard output too. */
    private static void copyBody(MessageInput input, PrintStream out, boolean midLine) throws InjectFailure {
        try {
            input.copyRest(out, midLine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Controls controls(Map<String, String> environment, Function<String, Optional<String>> controlFile)
            throws InjectFailure {
        try {
            return Controls.resolve(environment, new Function<>() {
                @Override
                public Optional<String> apply(String name) {
                    Optional<String> line = controlFile.apply(name);
                    return line.isEmpty() ? line : Optional.of(bytes(line.get()));
                }
            });
        } catch (UncheckedIOException e) {
            throw InjectFailure.readError();
        }
    }

    /** Arguments, environment and control lines arrive as text; qmail works on their UTF-8 bytes, one char each. */
    private static String bytes(String text) {
        return new String(text.getBytes(UTF_8), ISO_8859_1);
    }
}
