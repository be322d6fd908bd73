package org.tessera.tools.inject;

/**
 * The letters of {@code QMAILINJECT} (qmail-inject(8)); other letters are ignored.
 *
 * @param nameComment {@code c}: default From as {@code user@host (Name)}
 * @param ignoreReturnPath {@code s}: delete incoming Return-Path without using it
 * @param deleteFrom {@code f}: delete incoming From
 * @param deleteMessageId {@code i}: delete incoming Message-ID
 * @param perRecipientVerp {@code r}: envelope sender ends in {@code -@[]}
 * @param perMessageVerp {@code m}: default sender user gets {@code -time.pid}
 */
record InjectFlags(boolean nameComment, boolean ignoreReturnPath, boolean deleteFrom, boolean deleteMessageId,
        boolean perRecipientVerp, boolean perMessageVerp) {

    static InjectFlags of(String letters) {
        String set = letters == null ? "" : letters;
        return new InjectFlags(set.indexOf('c') >= 0, set.indexOf('s') >= 0, set.indexOf('f') >= 0,
                set.indexOf('i') >= 0, set.indexOf('r') >= 0, set.indexOf('m') >= 0);
    }
}
