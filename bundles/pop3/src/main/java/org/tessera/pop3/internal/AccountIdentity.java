package org.tessera.pop3.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.sun.jna.Native;

/**
 * Runs a task on the calling thread with an account's file-system identity: its uid, its gid as
 * the only group. As root, every look at a user's Maildir goes through here, so the kernel checks
 * each open, unlink and rename as it would for the user (qmail-pop3d ran as the user): a Maildir
 * whose {@code cur} is a link to {@code /etc} shows the user only what the user may read anyway.
 * Changing the fsuid away from 0 also drops the thread's file capabilities, and changing it back
 * restores them; the task's thread is never anyone else's meanwhile.
 */
final class AccountIdentity {

    // setgroups(2) by number: the glibc wrapper would change every thread of the server.
    private static final long SETGROUPS_X86_64 = 116;
    private static final long SETGROUPS_AARCH64 = 159;

    private final LinuxCalls libc;
    private final long setgroups;
    private final int[] serverGroups;

    private AccountIdentity(LinuxCalls libc, long setgroups, int[] serverGroups) {
        this.libc = libc;
        this.setgroups = setgroups;
        this.serverGroups = serverGroups;
    }

    /** The switcher of a server running as root on Linux (x86-64 or arm64). */
    static AccountIdentity forRootServer() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        long setgroups = switch (arch) {
            case "amd64", "x86_64" -> SETGROUPS_X86_64;
            case "aarch64", "arm64" -> SETGROUPS_AARCH64;
            default -> throw new IllegalStateException("no setgroups system call number for " + arch);
        };
        LinuxCalls libc = Native.load("c", LinuxCalls.class);
        int count = libc.getgroups(0, null);
        int[] groups = new int[Math.max(count, 0)];
        if (count > 0 && libc.getgroups(count, groups) != count) {
            throw new IllegalStateException("getgroups failed: errno " + Native.getLastError());
        }
        return new AccountIdentity(libc, setgroups, groups);
    }

    /**
     * Runs {@code task} as {@code uid}/{@code gid}, then gives the thread the server's identity back.
     *
     * @throws IllegalStateException when the identity cannot be taken (the task did not run)
     * @throws IdentityLost when it cannot be given back: the thread must end, never run another task
     */
    <T> T call(long uid, long gid, Callable<T> task) throws Exception {
        if (uid <= 0 || gid < 0 || uid > Integer.toUnsignedLong(-2) || gid > Integer.toUnsignedLong(-2)) {
            throw new IllegalArgumentException("refusing file-system identity " + uid + ":" + gid);
        }
        if (libc.setfsuid(-1) != 0) {
            // A thread started by a task would have inherited the task's identity.
            throw new IdentityLost("this thread is not the server's: file-system uid " + libc.setfsuid(-1));
        }
        int group = (int) gid;
        if (libc.syscall(setgroups, 1, new int[] {group}) != 0) {
            throw new IllegalStateException("setgroups(" + gid + ") failed: errno " + Native.getLastError());
        }
        libc.setfsgid(group);
        libc.setfsuid((int) uid);
        try {
            if (libc.setfsuid(-1) != (int) uid || libc.setfsgid(-1) != group) {
                throw new IllegalStateException("the file-system identity " + uid + ":" + gid + " did not take");
            }
            return task.call();
        } finally {
            restore();
        }
    }

    private void restore() {
        libc.setfsuid(0);
        libc.setfsgid(0);
        long groupsSet = libc.syscall(setgroups, serverGroups.length, serverGroups);
        if (libc.setfsuid(-1) != 0 || libc.setfsgid(-1) != 0 || groupsSet != 0) {
            throw new IdentityLost("cannot give this thread the server's identity back; groups "
                    + Arrays.toString(serverGroups) + ", errno " + Native.getLastError());
        }
    }

    /** The thread kept an account's identity: it must not run anything else. */
    static final class IdentityLost extends Error {
        private static final long serialVersionUID = 1L;

        IdentityLost(String message) {
            super(message);
        }
    }
}
