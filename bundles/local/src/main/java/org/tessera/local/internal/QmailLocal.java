package org.tessera.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.users.MailUser;
import org.tessera.common.errors.ErrorText;

/**
 * qmail-local for one recipient (qmail-local(8)): the home checks, the loop check, the
 * {@code .qmail} search, NEWSENDER, then each instruction handed to the {@link DeliveryTarget} of
 * its kind, forwards last in one delivery, and the report qmail-local would print. No OSGi here:
 * the targets come from a lookup, so the same class can run in a child process that switched to
 * the user's uid.
 */
final class QmailLocal {

    private static final Logger LOG = LoggerFactory.getLogger(QmailLocal.class);

    static final String USAGE =
            "qmail-local: usage: qmail-local [ -nN ] user homedir local dash ext domain sender aliasempty";
    static final String LOOPING = "This message is looping: it already has my Delivered-To line. (#5.4.6)";
    static final String NO_MAILBOX = "Sorry, no mailbox here by that name. (#5.1.1)";
    static final int STICKY = 01000;

    private final Function<String, Optional<DeliveryTarget>> targets;
    private final Clock clock;

    /**
     * @param targets the running target of a {@link DeliveryTarget#KIND}, or empty when there is none
     * @param clock gives the time of {@code UFLINE}
     */
    QmailLocal(Function<String, Optional<DeliveryTarget>> targets, Clock clock) {
        this.targets = targets;
        this.clock = clock;
    }

    /** What qmail-lspawn hands qmail-local for one recipient. */
    record Request(long messageId, MailUser user, MailAddress recipient, MailAddress sender, String defaultDelivery,
            MessageContent content) {
    }

    /** Delivers and returns the report, cut as qmail-lspawn cuts it. */
    DeliveryReport deliver(Request request) {
        StringBuilder output = new StringBuilder();
        DeliveryReport.Outcome outcome;
        try {
            run(request, output);
            outcome = DeliveryReport.Outcome.SUCCESS;
        } catch (LocalFailure failure) {
            output.append(failure.text());
            outcome = failure.outcome();
        }
        return new DeliveryReport(outcome, ReportText.of(output));
    }

    private void run(Request request, StringBuilder output) throws LocalFailure {
        MailUser user = request.user();
        String local = request.recipient().local();
        String host = request.recipient().domain();
        String sender = request.sender().text();
        Path home = checkHome(user.home());
        String dtline = QmailEnvironment.dtline(local, host);
        if (looping(request.content(), dtline)) {
            throw LocalFailure.permanent(LOOPING);
        }
        Optional<DotQmailFile> file = DotQmailSearch.find(home, user.dash(), user.ext());
        if (file.isEmpty() && !user.dash().isEmpty()) {
            throw LocalFailure.permanent(NO_MAILBOX);
        }
        String newSender = newSender(home, user, local, host, sender);
        boolean forwardOnly = file.map(DotQmailFile::forwardOnly).orElse(false);
        String text = file.map(DotQmailFile::content).orElse("");
        if (text.isEmpty()) {
            text = request.defaultDelivery();
            forwardOnly = false;
        }
        Map<String, String> environment = QmailEnvironment.of(user, local, host, sender, newSender,
                file.flatMap(DotQmailFile::defaultPart), clock.instant());
        Run run = new Run(request, MailAddress.parse(newSender), environment, output);
        run.execute(DotQmailParser.parse(text), forwardOnly);
    }

    /**
     * The checks before anything is read: the home is absolute, can be entered, is neither world-writable nor
     * sticky.
     */
    private static Path checkHome(String homeText) throws LocalFailure {
        if (!homeText.startsWith("/")) {
            throw LocalFailure.permanent(USAGE);
        }
        Path home;
        try {
            home = Path.of(homeText);
        } catch (InvalidPathException e) {
            throw LocalFailure.temporary("Unable to switch to " + homeText + ": file does not exist. (#4.3.0)");
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(home, BasicFileAttributes.class);
            if (!attributes.isDirectory()) {
                throw LocalFailure.temporary("Unable to switch to " + homeText + ": not a directory. (#4.3.0)");
            }
        } catch (IOException e) {
            throw LocalFailure.temporary("Unable to switch to " + homeText + ": " + ErrorText.of(e) + ". (#4.3.0)");
        }
        if (!Files.isExecutable(home)) {
            throw LocalFailure.temporary("Unable to switch to " + homeText + ": access denied. (#4.3.0)");
        }
        int mode;
        try {
            mode = ServerIdentity.mode(home);
        } catch (IOException e) {
            throw LocalFailure.temporary("Unable to stat home directory: " + ErrorText.of(e) + ". (#4.3.0)");
        }
        if ((mode & DotQmailSearch.FORBIDDEN_MODE) != 0) {
            throw LocalFailure.temporary("Uh-oh: home directory is writable. (#4.7.0)");
        }
        if ((mode & STICKY) != 0) {
            throw LocalFailure.temporary("Home directory is sticky: user is editing his .qmail file. (#4.2.1)");
        }
        return home;
    }

    /** A target that threw: what it threw, so the operator need not find the server's log to know. */
    static String targetFailed(String kind, RuntimeException e) {
        String what = e.getClass().getSimpleName();
        return "The " + kind + " delivery target failed: " + (e.getMessage() == null ? what : e.getMessage() + " (" + what + ")")
                + ". (#4.3.0)";
    }

    private static boolean looping(MessageContent content, String dtline) throws LocalFailure {
        try (InputStream message = content.open()) {
            return LoopCheck.looping(message, dtline.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw LocalFailure.temporary("Unable to read message: " + ErrorText.of(e) + ". (#4.3.0)");
        }
    }

    /**
     * NEWSENDER (qmail-command(8)): bounces keep their sender; a {@code -owner} file makes the owner the
     * sender, VERP with {@code -owner-default}.
     */
    private static String newSender(Path home, MailUser user, String local, String host, String sender)
            throws LocalFailure {
        if (sender.isEmpty() || sender.equals("#@[]")) {
            return sender;
        }
        String base = ".qmail" + user.dash() + DotQmailSearch.safeExt(user.ext());
        if (!DotQmailSearch.exists(home, base + "-owner")) {
            return sender;
        }
        if (DotQmailSearch.exists(home, base + "-owner-default")) {
            return local + "-owner-@" + host + "-@[]";
        }
        return local + "-owner@" + host;
    }

    /** The execution of one file's instructions, with its counts and collected forwards. */
    private final class Run {

        private final Request request;
        private final MailAddress newSender;
        private final Map<String, String> environment;
        private final StringBuilder output;
        private final List<String> forwards = new ArrayList<>();
        private int files;
        private int programs;

        Run(Request request, MailAddress newSender, Map<String, String> environment, StringBuilder output) {
            this.request = request;
            this.newSender = newSender;
            this.environment = environment;
            this.output = output;
        }

        void execute(List<Instruction> instructions, boolean forwardOnlyFromStart) throws LocalFailure {
            boolean forwardOnly = forwardOnlyFromStart;
            for (Instruction instruction : instructions) {
                boolean stop = false;
                switch (instruction.type()) {
                    case LIST -> forwardOnly = true;
                    case FORWARD -> forwards.add(instruction.argument());
                    case FILE -> {
                        files++;
                        refuseInForwardOnly(forwardOnly, "file");
                        stop = deliver(instruction.kind(), instruction.argument());
                    }
                    case PROGRAM -> {
                        programs++;
                        refuseInForwardOnly(forwardOnly, "prog");
                        stop = deliver(instruction.kind(), instruction.argument());
                    }
                    case PLUGIN -> {
                        programs++;
                        refuseInForwardOnly(forwardOnly, instruction.kind());
                        stop = deliver(instruction.kind(), instruction.argument());
                    }
                }
                if (stop) {
                    break;
                }
            }
            String forwardText = forwards.isEmpty() ? "" : forward();
            output.append("did ").append(files).append('+').append(forwards.size()).append('+').append(programs)
                    .append('\n').append(forwardText);
        }

        private void refuseInForwardOnly(boolean forwardOnly, String what) throws LocalFailure {
            if (forwardOnly) {
                throw LocalFailure.temporary("Uh-oh: .qmail has " + what + " delivery but has x bit set. (#4.7.0)");
            }
        }

        /** Runs one instruction; returns whether to stop (a program's 99). */
        private boolean deliver(String kind, String argument) throws LocalFailure {
            DeliveryResult result = call(kind, List.of(argument));
            output.append(result.text());
            return result.outcome() == DeliveryResult.Outcome.SUCCESS_STOP;
        }

        /** The forwards in one delivery; its text ({@code qp N}) follows the did line. */
        private String forward() throws LocalFailure {
            return call(DeliveryTarget.FORWARD, forwards).text();
        }

        private DeliveryResult call(String kind, List<String> arguments) throws LocalFailure {
            Optional<DeliveryTarget> target = targets.apply(kind);
            if (target.isEmpty()) {
                throw LocalFailure.temporary("No " + kind + " delivery target is running. (#4.3.0)");
            }
            DeliveryResult result;
            try {
                result = target.get().deliver(new Delivery(request.messageId(), request.user(), arguments,
                        request.sender(), request.recipient(), newSender, environment, request.content()));
            } catch (RuntimeException e) {
                LOG.warn("the {} delivery target failed for msg {} to {}", kind, request.messageId(),
                        request.recipient().text(), e);
                throw LocalFailure.temporary(targetFailed(kind, e));
            }
            if (result == null) {
                throw LocalFailure.temporary("The " + kind + " delivery target gave no result. (#4.3.0)");
            }
            switch (result.outcome()) {
                case PERMANENT -> throw LocalFailure.of(DeliveryReport.Outcome.PERMANENT, result.text());
                case TEMPORARY -> throw LocalFailure.of(DeliveryReport.Outcome.TEMPORARY, result.text());
                default -> {
                    return result;
                }
            }
        }
    }
}
