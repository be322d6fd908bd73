package org.tessera.delivery.mbox.internal;

import java.io.IOException;

import org.tessera.common.errors.ErrorText;

/** A failed C library call on the mbox, with its errno, from which qmail's text is made. */
final class ErrnoException extends IOException {

    private final int errno;

    ErrnoException(String call, int errno) {
        super(call + ": " + ErrorText.of(errno));
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}
