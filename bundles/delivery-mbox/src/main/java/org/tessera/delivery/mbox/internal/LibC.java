package org.tessera.delivery.mbox.internal;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The C library calls an mbox delivery makes, through JNA: Java can take an fcntl lock but not a BSD
 * {@code flock}, and only errno gives qmail's error texts. Each call returns -1 on failure, and then
 * {@link com.sun.jna.Native#getLastError()} is its errno. Constants are Linux's (the generic values of
 * x86-64, arm64 and riscv64); {@code size_t} and {@code off_t} are C {@code long}s there.
 */
interface LibC extends Library {

    int O_WRONLY = 01;
    int O_CREAT = 0100;
    int O_NOCTTY = 0400;
    int O_APPEND = 02000;
    int O_NONBLOCK = 04000;
    int O_CLOEXEC = 02000000;

    int LOCK_EX = 2;
    int LOCK_NB = 4;
    int LOCK_UN = 8;

    /** Open-file-description locks (Linux 3.15): held by this descriptor, not by the whole process. */
    int F_OFD_SETLK = 37;
    short F_WRLCK = 1;
    short SEEK_SET = 0;
    int SEEK_END = 2;

    int open(String path, int flags, int mode);

    int flock(int fd, int operation);

    int fcntl(int fd, int command, Flock lock);

    NativeLong lseek(int fd, NativeLong offset, int whence);

    NativeLong write(int fd, Pointer buffer, NativeLong count);

    int fsync(int fd);

    int ftruncate(int fd, NativeLong length);

    int close(int fd);

    /** {@code struct flock}; JNA lays the fields out with the C alignment. */
    @Structure.FieldOrder({"l_type", "l_whence", "l_start", "l_len", "l_pid"})
    final class Flock extends Structure {
        public short l_type;
        public short l_whence;
        public NativeLong l_start = new NativeLong(0);
        public NativeLong l_len = new NativeLong(0);
        public int l_pid;

        /** A write lock on the whole file, however long it grows (length 0). */
        static Flock wholeFileWriteLock() {
            Flock lock = new Flock();
            lock.l_type = F_WRLCK;
            lock.l_whence = SEEK_SET;
            return lock;
        }
    }
}
