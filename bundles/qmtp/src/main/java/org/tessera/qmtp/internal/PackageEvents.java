package org.tessera.qmtp.internal;

/**
 * What a QMTP or QMQP package reader finds, in the order it finds it: the message (as it is to be
 * queued), the sender, each recipient, and the package's end.
 */
interface PackageEvents {

    /** @param length the message netstring's length, without QMTP's line-ending flag */
    void messageStarts(long length);

    /** Message bytes, in order; for QMTP's CR LF mode already turned into LF line ends. */
    void messageBytes(byte[] bytes, int from, int to);

    void messageEnds();

    /** @param sender the sender's bytes, or null when it was 1000 bytes or more (skipped unread) */
    void sender(byte[] sender);

    /** @param recipient the recipient's bytes, or null when it was too long to keep (skipped unread) */
    void recipient(byte[] recipient);

    /** The package's last comma: the client now waits for the answer. */
    void packageEnds();
}
