package org.tessera.shell.internal;

import java.util.Set;
import java.util.TreeSet;

/** The line {@code qmail:reload} prints. */
final class ReloadFormat {

    private ReloadFormat() {
    }

    /** {@code reloaded control: changed: locals rcpthosts (generation 3)}, names sorted. */
    static String line(String directory, Set<String> changed, long generation) {
        String what = changed.isEmpty() ? "no file changed" : "changed: " + String.join(" ", new TreeSet<>(changed));
        return "reloaded " + directory + ": " + QueueFormat.printable(what) + " (generation " + generation + ")";
    }
}
