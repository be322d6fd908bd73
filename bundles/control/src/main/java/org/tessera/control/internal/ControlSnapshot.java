package org.tessera.control.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** The contents of every control file that {@code ControlFiles} serves, as read at one moment. */
final class ControlSnapshot {

    /** The text control files of qmail-control(5) that Tessera reads. */
    static final List<String> TEXT_FILES = List.of(
            "badmailfrom", "bouncefrom", "bouncehost", "concurrencyincoming", "concurrencylocal",
            "concurrencyremote", "databytes", "defaultdelivery", "defaultdomain", "defaulthost",
            "doublebouncehost", "doublebounceto", "envnoathost", "helohost", "idhost", "localiphost",
            "locals", "me", "percenthack", "plusdomain", "qmqpservers", "queuelifetime", "rcpthosts",
            "smtpgreeting", "smtproutes", "timeoutconnect", "timeoutremote", "timeoutsmtpd", "virtualdomains");

    /** The one binary file; only its stamp is kept here, the table itself is opened by {@link ControlValues}. */
    static final String MORERCPTHOSTS_CDB = "morercpthosts.cdb";

    private final Map<String, Optional<byte[]>> files;
    // Each text file's stamp when it was read, so that refreshed() can skip the unchanged ones.
    private final Map<String, Optional<byte[]>> stamps;

    private ControlSnapshot(Map<String, Optional<byte[]>> files, Map<String, Optional<byte[]>> stamps) {
        this.files = files;
        this.stamps = stamps;
    }

    /** Reads every file; any unreadable one fails the whole read, so callers keep their old values. */
    static ControlSnapshot read(ControlReader reader) {
        Map<String, Optional<byte[]>> files = new HashMap<>();
        Map<String, Optional<byte[]>> stamps = new HashMap<>();
        for (String name : TEXT_FILES) {
            // The stamp first: a write landing between the two reads makes the next refresh read again.
            stamps.put(name, reader.stamp(name));
            files.put(name, reader.bytes(name));
        }
        files.put(MORERCPTHOSTS_CDB, reader.stamp(MORERCPTHOSTS_CDB));
        return new ControlSnapshot(files, stamps);
    }

    /**
     * Re-reads those of {@code names} (control files this snapshot knows) whose stamp changed;
     * returns this very snapshot when none did.
     */
    ControlSnapshot refreshed(ControlReader reader, Set<String> names) {
        Map<String, Optional<byte[]>> files = null;
        Map<String, Optional<byte[]>> stamps = null;
        for (String name : names) {
            if (!this.files.containsKey(name)) {
                continue;
            }
            Optional<byte[]> stamp = reader.stamp(name);
            Optional<byte[]> known = name.equals(MORERCPTHOSTS_CDB) ? this.files.get(name) : this.stamps.get(name);
            if (same(stamp, known)) {
                continue;
            }
            if (files == null) {
                files = new HashMap<>(this.files);
                stamps = new HashMap<>(this.stamps);
            }
            if (name.equals(MORERCPTHOSTS_CDB)) {
                files.put(name, stamp);
            } else {
                stamps.put(name, stamp);
                files.put(name, reader.bytes(name));
            }
        }
        return files == null ? this : new ControlSnapshot(files, stamps);
    }

    private static boolean same(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }

    boolean exists(String name) {
        return files.get(name).isPresent();
    }

    Optional<String> line(String name) {
        return files.get(name).map(ControlParsers::line);
    }

    OptionalLong number(String name) {
        Optional<byte[]> content = files.get(name);
        return content.isPresent() ? ControlParsers.number(content.get()) : OptionalLong.empty();
    }

    Optional<List<String>> list(String name) {
        return files.get(name).map(ControlParsers::list);
    }

    /** The whole file, for the one control file qmail does not read with a reader of its own. */
    Optional<byte[]> bytes(String name) {
        return files.get(name);
    }

    /** Names the files whose existence or contents differ from an older snapshot, sorted. */
    Set<String> changedSince(ControlSnapshot older) {
        Set<String> changed = new TreeSet<>();
        for (Map.Entry<String, Optional<byte[]>> file : files.entrySet()) {
            Optional<byte[]> before = older.files.get(file.getKey());
            if (file.getValue().isPresent() != before.isPresent()
                    || file.getValue().isPresent() && !Arrays.equals(file.getValue().get(), before.get())) {
                changed.add(file.getKey());
            }
        }
        return changed;
    }
}
