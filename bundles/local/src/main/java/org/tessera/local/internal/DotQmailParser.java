package org.tessera.local.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tessera.api.delivery.DeliveryTarget;

/**
 * Splits a {@code .qmail} text into instructions as qmail-local does (dot-qmail(5)): lines at
 * LF, trailing spaces and tabs removed (CR kept), a blank first line refused. Tessera adds one line
 * type that qmail ignores: {@code +KIND:ARGUMENT}, KIND matching {@code [a-z][a-z0-9_.-]*} and not a
 * built-in kind, hands ARGUMENT to the delivery target registered for KIND.
 */
final class DotQmailParser {

    static final Pattern PLUGIN_LINE = Pattern.compile("\\+([a-z][a-z0-9_.-]*):(.*)", Pattern.DOTALL);
    static final Set<String> BUILT_IN_KINDS = Set.of(DeliveryTarget.MAILDIR, DeliveryTarget.MBOX,
            DeliveryTarget.PROGRAM, DeliveryTarget.FORWARD);

    private DotQmailParser() {
    }

    static List<Instruction> parse(String text) throws LocalFailure {
        List<Instruction> instructions = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        // A text ending in LF splits into one empty string too many; one without LF gets its LF added.
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int n = 0; n < count; n++) {
            String line = stripTrailingBlanks(lines[n]);
            if (line.isEmpty()) {
                if (n == 0) {
                    throw LocalFailure.temporary("Uh-oh: first line of .qmail file is blank. (#4.2.1)");
                }
                continue;
            }
            switch (line.charAt(0)) {
                case '#' -> {
                }
                case '.', '/' -> instructions.add(new Instruction(Instruction.Type.FILE,
                        line.endsWith("/") ? DeliveryTarget.MAILDIR : DeliveryTarget.MBOX, line));
                case '|' -> instructions.add(new Instruction(Instruction.Type.PROGRAM, DeliveryTarget.PROGRAM,
                        line.substring(1)));
                case '+' -> plus(line, instructions);
                case '&' -> instructions.add(new Instruction(Instruction.Type.FORWARD, DeliveryTarget.FORWARD,
                        line.substring(1)));
                default -> instructions.add(new Instruction(Instruction.Type.FORWARD, DeliveryTarget.FORWARD, line));
            }
        }
        return instructions;
    }

    private static void plus(String line, List<Instruction> instructions) {
        if (line.equals("+list")) {
            instructions.add(new Instruction(Instruction.Type.LIST, "", ""));
            return;
        }
        Matcher plugin = PLUGIN_LINE.matcher(line);
        if (plugin.matches() && !BUILT_IN_KINDS.contains(plugin.group(1))) {
            instructions.add(new Instruction(Instruction.Type.PLUGIN, plugin.group(1), plugin.group(2)));
        }
    }

    private static String stripTrailingBlanks(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(0, end);
    }
}
