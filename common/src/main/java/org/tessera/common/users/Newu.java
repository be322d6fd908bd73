package org.tessera.common.users;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbRecord;

/**
 * qmail-newu (qmail-newu(8)): {@code users/assign} compiled into {@code users/cdb.tmp},
 * synced, then renamed over {@code users/cdb}. Every error prints qmail-newu's
 * {@code qmail-newu: fatal: ...} line and returns 111 with {@code users/cdb} untouched.
 */
public final class Newu {

    public static final int EXIT_OK = 0;
    public static final int EXIT_TEMPORARY = 111;

    private static final String FATAL = "qmail-newu: fatal: ";

    private Newu() {
    }

    /** @param home the Tessera home ({@code /var/qmail}) */
    public static int run(Path home, CdbFiles cdbFiles, PrintStream err) {
        if (!Files.isDirectory(home)) {
            err.println(FATAL + "unable to chdir");
            return EXIT_TEMPORARY;
        }
        Path users = home.resolve("users");
        List<CdbRecord> records;
        try (InputStream in = Files.newInputStream(users.resolve("assign"))) {
            records = AssignCompiler.compile(in);
        } catch (NoSuchFileException e) {
            err.println(FATAL + "unable to open users/assign");
            return EXIT_TEMPORARY;
        } catch (IOException e) {
            err.println(FATAL + "unable to read users/assign");
            return EXIT_TEMPORARY;
        } catch (AssignFormatException e) {
            err.println(FATAL + "bad format in users/assign");
            return EXIT_TEMPORARY;
        }
        Path temporary = users.resolve("cdb.tmp");
        try {
            cdbFiles.write(temporary, records);
        } catch (IOException e) {
            err.println(FATAL + "unable to write users/cdb.tmp");
            return EXIT_TEMPORARY;
        }
        try {
            Files.move(temporary, users.resolve("cdb"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            err.println(FATAL + "unable to move users/cdb.tmp to users/cdb");
            return EXIT_TEMPORARY;
        }
        return EXIT_OK;
    }
}
