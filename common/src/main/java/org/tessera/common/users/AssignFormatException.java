package org.tessera.common.users;

/** {@code users/assign} breaks a rule of qmail-newu's format (qmail's {@code bad format in users/assign}). */
public final class AssignFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    AssignFormatException(String message) {
        super(message);
    }
}
