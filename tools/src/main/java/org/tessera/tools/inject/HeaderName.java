package org.tessera.tools.inject;

import java.util.Optional;

/** The header fields qmail-inject treats specially, and what it does with each (qmail-header(5)). */
enum HeaderName {
    SENDER("sender", Role.SENDER),
    FROM("from", Role.SENDER),
    REPLY_TO("reply-to", Role.SENDER),
    TO("to", Role.TO_OR_CC),
    CC("cc", Role.TO_OR_CC),
    BCC("bcc", Role.RECIPIENT),
    DATE("date", Role.NONE),
    MESSAGE_ID("message-id", Role.NONE),
    RESENT_SENDER("resent-sender", Role.SENDER),
    RESENT_FROM("resent-from", Role.SENDER),
    RESENT_REPLY_TO("resent-reply-to", Role.SENDER),
    RESENT_TO("resent-to", Role.RESENT_RECIPIENT),
    RESENT_CC("resent-cc", Role.RESENT_RECIPIENT),
    RESENT_BCC("resent-bcc", Role.RESENT_RECIPIENT),
    RESENT_DATE("resent-date", Role.NONE),
    RESENT_MESSAGE_ID("resent-message-id", Role.NONE),
    RETURN_RECEIPT_TO("return-receipt-to", Role.SENDER),
    ERRORS_TO("errors-to", Role.SENDER),
    APPARENTLY_TO("apparently-to", Role.RECIPIENT),
    RETURN_PATH("return-path", Role.RETURN_PATH),
    CONTENT_LENGTH("content-length", Role.NONE),
    MAIL_FOLLOWUP_TO("mail-followup-to", Role.NONE);

    /** How the addresses of a field are rewritten and where they go. */
    enum Role {
        /** Not an address list for qmail-inject. */
        NONE,
        /** Rewritten; a parse error is fatal. */
        SENDER,
        /** Rewritten; its address is the envelope sender unless one is set. */
        RETURN_PATH,
        /** Rewritten; header recipients of a normal message, and To+Cc for Mail-Followup-To. */
        TO_OR_CC,
        /** Rewritten; header recipients of a normal message. */
        RECIPIENT,
        /** Rewritten; header recipients of a resent message. */
        RESENT_RECIPIENT
    }

    private final String lowerCaseName;
    private final Role role;

    HeaderName(String lowerCaseName, Role role) {
        this.lowerCaseName = lowerCaseName;
        this.role = role;
    }

    Role role() {
        return role;
    }

    /** The fields dropped from the message after their addresses have been collected. */
    boolean isRemoved() {
        return this == BCC || this == RESENT_BCC || this == RETURN_PATH || this == CONTENT_LENGTH;
    }

    /** Any of these makes the message a resent one. */
    boolean marksResent() {
        return name().startsWith("RESENT_");
    }

    /** The known field a header line starts with: its name in any letter case, then spaces or tabs and a colon. */
    static Optional<HeaderName> of(String field) {
        for (HeaderName name : values()) {
            if (name.startsOf(field)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private boolean startsOf(String field) {
        int length = lowerCaseName.length();
        if (field.length() < length || !field.regionMatches(true, 0, lowerCaseName, 0, length)) {
            return false;
        }
        int i = length;
        while (i < field.length() && (field.charAt(i) == ' ' || field.charAt(i) == '\t')) {
            i++;
        }
        return i < field.length() && field.charAt(i) == ':';
    }

    /**
     * Whether a line can start a header field: a colon, and before it (spaces and tabs directly
     * before the colon aside) a non-empty name of printable ASCII without spaces.
     */
    static boolean isField(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return false;
        }
        int end = colon;
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            if (c <= 32 || c >= 127) {
                return false;
            }
        }
        return true;
    }
}
