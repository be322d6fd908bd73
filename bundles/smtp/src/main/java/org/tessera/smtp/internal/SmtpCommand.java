package org.tessera.smtp.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.tessera.common.auth.SaslExchange;

/**
 * qmail-smtpd's {@code smtpcommands[]}: the verbs it answers and the step each one runs. Any other
 * verb is answered 502, as qmail's table ends with a catch-all entry.
 */
enum SmtpCommand {
    HELO((dialogue, argument) -> dialogue.helo(false, argument)),
    EHLO((dialogue, argument) -> dialogue.helo(true, argument)),
    RSET((dialogue, argument) -> dialogue.reset()),
    MAIL(SmtpDialogue::mail),
    RCPT(SmtpDialogue::rcpt),
    DATA((dialogue, argument) -> dialogue.data()),
    NOOP((dialogue, argument) -> dialogue.reply(Reply.OK)),
    VRFY((dialogue, argument) -> dialogue.reply(Reply.VRFY)),
    HELP((dialogue, argument) -> dialogue.reply(Reply.HELP)),
    QUIT((dialogue, argument) -> dialogue.quit()),
    // Beyond qmail, answered 502 as qmail does unless the listener turns them on.
    STARTTLS(SmtpDialogue::startTls),
    AUTH(SmtpDialogue::auth);

    private static final Map<String, SmtpCommand> BY_VERB =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

    private final BiConsumer<SmtpDialogue, String> step;

    SmtpCommand(BiConsumer<SmtpDialogue, String> step) {
        this.step = step;
    }

    /**
     * qmail's commands(): the verb is the line up to its first space, in any case; the rest, less
     * leading spaces, is its argument.
     */
    static void run(SmtpDialogue dialogue, byte[] line) {
        String text = commandText(line);
        if (dialogue.inAuthExchange()) {
            if (line.length > SaslExchange.MAX_LINE) {
                dialogue.authLineTooLong();
            } else {
                dialogue.authLine(text);
            }
            return;
        }
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : text.substring(space + 1).replaceFirst("^ +", "");
        SmtpCommand command = BY_VERB.get(verb);
        dialogue.counted(command);
        if (command == null) {
            dialogue.reply(Reply.UNIMPLEMENTED);
        } else {
            command.step.accept(dialogue, argument);
        }
    }

    // qmail's getln: the line ends at LF, one CR before it goes, and a NUL ends it early.
    private static String commandText(byte[] line) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (line[i] == 0) {
                end = i;
                break;
            }
        }
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }
}
