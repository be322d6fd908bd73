package org.tessera.local.internal;

import org.tessera.api.delivery.DeliveryTarget;

/**
 * One line of a {@code .qmail} file that does something (dot-qmail(5)): comments, empty
 * lines and ignored {@code +} lines are not instructions.
 *
 * @param type what the line is
 * @param kind the {@link DeliveryTarget#KIND} that carries it out; empty for {@link Type#LIST}
 * @param argument the path, command, address or plugin argument as written
 */
record Instruction(Type type, String kind, String argument) {

    /** The line types, by what qmail-local counts them as. */
    enum Type {
        /** {@code .} or {@code /} line: a Maildir (ending in {@code /}) or an mbox; counted as a file. */
        FILE,
        /** {@code |} line; counted as a program. */
        PROGRAM,
        /** {@code +KIND:ARGUMENT} for a plugin kind; counted as a program. */
        PLUGIN,
        /** {@code &} line or bare address; collected and sent last; counted as a forward. */
        FORWARD,
        /** {@code +list}: forward-only mode from here on. */
        LIST
    }
}
