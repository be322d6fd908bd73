package org.tessera.qmtp.internal;

/** qmail-qmtpd's and qmail-qmqpd's reply texts (qmail-qmtpd(8), qmail-qmqpd(8)), and those Tessera adds. */
final class Replies {

    static final String CANT_HANDLE_RECIPIENT = "Dsorry, I can't handle that recipient (#5.1.3)";
    static final String UNACCEPTABLE_SENDER = "Dunacceptable sender (#5.1.7)";
    static final String DATABYTES = "Dsorry, that message size exceeds my databytes limit (#5.3.4)";
    static final String BAD_ADDRESSES = "Dsorry, I can't accept addresses like that (#5.1.3)";
    // Tessera's: no queue service running (SMTP answers 451 qqt failure then), no relay policy
    // (fail closed: defer, never relay), one that failed, and the recipient limit qmail does not have.
    static final String NO_QUEUE = "Zqqt failure (#4.3.0)";
    static final String NO_POLICY = "Zno relay policy is running; try again later (#4.3.0)";
    static final String POLICY_FAILED = "Zrelay policy failed; try again later (#4.3.0)";
    static final String TOO_MANY_RECIPIENTS = "Ztoo many recipients (#4.5.3)";

    private Replies() {
    }
}
