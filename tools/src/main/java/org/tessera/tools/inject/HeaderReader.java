package org.tessera.tools.inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the header off the message as qmail's headerbody does: fields with their
 * continuation lines, mbox From_ lines kept as {@code MBOX-Line:} fields, and the header ending at
 * an empty line, at the first line that is not a field, or at the end of the input.
 */
final class HeaderReader {

    /**
     * The header fields (each with its newline) and the text that starts the body: empty when the
     * input ended in the header, else the separating newline and, if the header ended at a line
     * that is not a field, that line; {@code bodyMidLine} says that line was cut at the size limit.
     */
    record Header(List<String> fields, String bodyStart, boolean bodyMidLine) {
    }

    private HeaderReader() {
    }

    /**
     * Reads the header, holding at most {@code limit} bytes of it.
     *
     * @throws InjectFailure out of memory when the header does not fit in {@code limit}; read error
     */
    static Header read(MessageInput input, int limit) throws InjectFailure {
        List<String> fields = new ArrayList<>();
        StringBuilder field = null;
        int left = limit;
        while (true) {
            MessageInput.Line line = input.readLine(left);
            if (line == null) {
                if (field != null) {
                    fields.add(field.toString());
                }
                return new Header(fields, "", false);
            }
            String text = line.text();
            left -= text.length();
            boolean continuation = field != null && (text.startsWith(" ") || text.startsWith("\t"));
            if (!line.complete() && (continuation || !provesNoField(text))) {
                throw InjectFailure.outOfMemory();
            }
            if (continuation) {
                field.append(text);
                continue;
            }
            if (field != null) {
                fields.add(field.toString());
            }
            if (!line.complete()) {
                return new Header(fields, "\n" + text, true);
            }
            if (text.equals("\n")) {
                return new Header(fields, "\n", false);
            }
            if (text.startsWith("From ")) {
                field = new StringBuilder("MBOX-Line: ").append(text);
            } else if (HeaderName.isField(text)) {
                field = new StringBuilder(text);
            } else {
                return new Header(fields, "\n" + text, false);
            }
        }
    }

    /**
     * Whether the start of an over-long line already shows it is not a field, so that it can start
     * the body. A prefix without a colon does when even a colon right after it would not make a
     * field name: whatever follows, the name would contain the same fault.
     */
    private static boolean provesNoField(String prefix) {
        if (prefix.isEmpty() || prefix.startsWith("From ")) {
            return false;
        }
        return !HeaderName.isField(prefix.indexOf(':') >= 0 ? prefix : prefix + ":");
    }
}
