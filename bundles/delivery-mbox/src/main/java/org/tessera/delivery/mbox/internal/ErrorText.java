package org.tessera.delivery.mbox.internal;

/** qmail's {@code error_str}: its words for the errno values file operations give (Linux numbering). */
final class ErrorText {

    private ErrorText() {
    }

    static String of(int errno) {
        return switch (errno) {
            case 0 -> "no error";
            case 1 -> "permission denied";
            case 2 -> "file does not exist";
            case 4 -> "interrupted system call";
            case 5 -> "input/output error";
            case 6 -> "device not configured";
            case 9 -> "file descriptor not open";
            case 11 -> "temporary failure";
            case 12 -> "out of memory";
            case 13 -> "access denied";
            case 16 -> "device busy";
            case 17 -> "file already exists";
            case 18 -> "cross-device link";
            case 19 -> "device does not support operation";
            case 20 -> "not a directory";
            case 21 -> "is a directory";
            case 22 -> "invalid argument";
            case 23 -> "system cannot open more files";
            case 24 -> "process cannot open more files";
            case 26 -> "text busy";
            case 27 -> "file too big";
            case 28 -> "out of disk space";
            case 29 -> "unseekable descriptor";
            case 30 -> "read-only file system";
            case 31 -> "too many links";
            case 32 -> "broken pipe";
            case 35 -> "operation would cause deadlock";
            case 36 -> "file name too long";
            case 37 -> "no locks available";
            case 38 -> "system call not available";
            case 40 -> "symbolic link loop";
            case 95 -> "operation not supported";
            case 110 -> "timed out";
            case 116 -> "stale NFS file handle";
            case 122 -> "disk quota exceeded";
            default -> "unknown error";
        };
    }
}
