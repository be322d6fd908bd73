package org.tessera.pop3.internal;

import com.sun.jna.Library;

/**
 * The C library calls that give one thread an account's file-system identity, through JNA. glibc's
 * {@code setfsuid} and {@code setfsgid} change the calling thread only; its {@code setgroups}
 * changes every thread of the process, so the groups are set with the raw system call, which is
 * per thread as well.
 */
interface LinuxCalls extends Library {

    /** Sets the thread's file-system uid; returns the previous one ({@code -1} asks without changing). */
    int setfsuid(int uid);

    /** Sets the thread's file-system gid; returns the previous one ({@code -1} asks without changing). */
    int setfsgid(int gid);

    /** The thread's supplementary groups: their count, and with a large enough array the groups. */
    int getgroups(int size, int[] list);

    /** {@code syscall(2)}: here only {@code setgroups} for the calling thread alone. */
    long syscall(long number, Object... args);
}
