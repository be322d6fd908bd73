package org.tessera.delivery.mbox.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * One open mbox: the descriptor qmail-local's {@code open_append} gives, its locks, and the writes.
 *
 * <p>Two locks, so that every kind of mbox writer on Linux waits for this one: a BSD {@code flock}, as
 * qmail-local takes, and an fcntl write lock on the whole file, as mutt, procmail and lockf(3) users
 * take. The fcntl lock is an open-file-description lock, which conflicts with other processes' classic
 * fcntl locks just the same, but belongs to this descriptor: a classic lock would belong to the whole
 * JVM, and be dropped by the close of any other descriptor of the file, such as another delivery's.
 */
final class MboxFile implements AutoCloseable {

    /** How the lock attempt ended. */
    enum Lock {
        /** At least one of the two locks is held: a failed write can be truncated away. */
        HELD,
        /** Neither lock is available on this file system; qmail-local then writes unlocked. */
        UNSUPPORTED,
        /** Another writer held a lock for the whole wait. */
        BUSY
    }

    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int EACCES = 13;
    private static final int FLAGS = LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_APPEND | LibC.O_CREAT | LibC.O_NOCTTY
            | LibC.O_CLOEXEC;
    private static final int OWNER_READ_WRITE = 0600;
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LibC libc;
    private final int fd;

    private MboxFile(LibC libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /** Opens for appending, creating the file with mode 0600 if it is missing. */
    static MboxFile open(LibC libc, String path) throws ErrnoException {
        int fd = libc.open(path, FLAGS, OWNER_READ_WRITE);
        if (fd == -1) {
            throw new ErrnoException("open", Native.getLastError());
        }
        return new MboxFile(libc, fd);
    }

    /**
     * Takes both locks, waiting at most {@code wait}. Neither is waited for while the other is held,
     * so that a writer taking them in the other order cannot deadlock with this one.
     */
    Lock lock(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        LibC.Flock region = LibC.Flock.wholeFileWriteLock();
        while (true) {
            int flock = errnoOf(libc.flock(fd, LibC.LOCK_EX | LibC.LOCK_NB));
            if (!contended(flock)) {
                int fcntl = errnoOf(libc.fcntl(fd, LibC.F_OFD_SETLK, region));
                if (!contended(fcntl)) {
                    return flock == 0 || fcntl == 0 ? Lock.HELD : Lock.UNSUPPORTED;
                }
                if (flock == 0) {
                    libc.flock(fd, LibC.LOCK_UN);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Lock.BUSY;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
            pause = Math.min(2 * pause, LONGEST_PAUSE_NANOS);
        }
    }

    /** Returns the current length, or -1 when the file cannot tell (a pipe), which then cannot be truncated. */
    long end() {
        return libc.lseek(fd, new NativeLong(0), LibC.SEEK_END).longValue();
    }

    void write(Pointer bytes, int length) throws ErrnoException {
        int done = 0;
        while (done < length) {
            long written = libc.write(fd, bytes.share(done), new NativeLong(length - done)).longValue();
            if (written > 0) {
                done += (int) written;
            } else if (written == 0) {
                throw new ErrnoException("write", 5); // EIO: a file that takes nothing would loop forever
            } else {
                int errno = Native.getLastError();
                if (errno != EINTR) {
                    throw new ErrnoException("write", errno);
                }
            }
        }
    }

    void sync() throws ErrnoException {
        if (libc.fsync(fd) == -1) {
            throw new ErrnoException("fsync", Native.getLastError());
        }
    }

    /** Cuts the file back to {@code length}; a failure leaves nothing better to do. */
    void truncate(long length) {
        libc.ftruncate(fd, new NativeLong(length));
    }

    /** Closes, which releases both locks. */
    @Override
    public void close() {
        libc.close(fd);
    }

    private static int errnoOf(int result) {
        return result == -1 ? Native.getLastError() : 0;
    }

    private static boolean contended(int errno) {
        return errno == EAGAIN || errno == EACCES || errno == EINTR;
    }
}
