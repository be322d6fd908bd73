package org.tessera.qmtp.internal;

/** Where a package reader stands after the bytes it was given. */
enum ReadStatus {
    /** The package is not complete yet: more bytes, please. */
    READING,
    /** The package's last comma was read; bytes after it are the next package's. */
    PACKAGE_DONE,
    /** Not a package (a non-digit length, a missing comma, a bad flag, reading past a bound): qmail exits 100. */
    BAD_PROTOCOL,
    /** A length over 200000000: qmail exits 111. */
    TOO_LONG
}
