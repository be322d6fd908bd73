package org.tessera.common.pw2u;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.tessera.common.users.Ascii;
import org.tessera.common.users.PasswdEntry;

/**
 * qmail-pw2u (qmail-pw2u(8)), as qmail-pw2u.c: passwd lines on standard input, an assign file
 * on standard output, shaped by {@code users/include}, {@code exclude}, {@code mailnames},
 * {@code subusers} and {@code append}. Text is handled byte for byte (ISO-8859-1). On a fatal error
 * nothing is written to standard output.
 */
public final class Pw2u {

    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 100;
    public static final int EXIT_FATAL = 111;

    private static final String FATAL = "qmail-pw2u: fatal: ";

    /** What to do about a home directory: {@code -o} skip if missing, {@code -h} stop if missing, {@code -H} no check. */
    private enum HomeCheck { SKIP_MISSING, STOP_MISSING, NONE }

    /** A fatal condition: its message line and exit status. */
    private static final class Fatal extends Exception {

        private static final long serialVersionUID = 1L;

        Fatal(String message) {
            super(FATAL + message, null, false, false);
        }
    }

    private String dash = "-";
    private boolean allowUpper;
    private HomeCheck homeCheck = HomeCheck.SKIP_MISSING;
    private Optional<Character> breakChar = Optional.of('-');

    private Optional<Set<String>> include;
    private Optional<Set<String>> exclude;
    private Optional<Map<String, String>> mailNames;
    // Each processed account's ":user:uid:gid:home:", the last of a name winning, as qmail's constmap.
    private final Map<String, String> accounts = new HashMap<>();
    private final StringBuilder out = new StringBuilder();
    private boolean sawAlias;

    private Pw2u() {
    }

    /** The whole of qmail-pw2u: returns the exit status, having printed any message. */
    public static int run(List<String> args, Path home, InputStream in, OutputStream stdout, PrintStream err) {
        Pw2u pw2u = new Pw2u();
        Optional<String> badOption = pw2u.options(args);
        if (badOption.isPresent()) {
            err.println("qmail-pw2u: " + badOption.get());
            return EXIT_USAGE;
        }
        try {
            pw2u.convert(home, in);
            try {
                stdout.write(pw2u.out.toString().getBytes(StandardCharsets.ISO_8859_1));
                stdout.flush();
            } catch (IOException e) {
                throw new Fatal("unable to write output");
            }
            return EXIT_OK;
        } catch (Fatal e) {
            err.println(e.getMessage());
            return EXIT_FATAL;
        }
    }

    /** getopt {@code /ohHuUc:C}; returns the complaint for a bad option. */
    private Optional<String> options(List<String> args) {
        for (int n = 0; n < args.size(); n++) {
            String arg = args.get(n);
            if (arg.equals("--")) {
                return Optional.empty();
            }
            if (!arg.startsWith("-") || arg.length() == 1) {
                return Optional.empty();
            }
            for (int i = 1; i < arg.length(); i++) {
                char option = arg.charAt(i);
                switch (option) {
                    case '/' -> dash = "-/";
                    case 'o' -> homeCheck = HomeCheck.SKIP_MISSING;
                    case 'h' -> homeCheck = HomeCheck.STOP_MISSING;
                    case 'H' -> homeCheck = HomeCheck.NONE;
                    case 'u' -> allowUpper = true;
                    case 'U' -> allowUpper = false;
                    case 'C' -> breakChar = Optional.empty();
                    case 'c' -> {
                        String value = arg.substring(i + 1);
                        if (value.isEmpty()) {
                            if (++n >= args.size()) {
                                return Optional.of("option requires an argument -- c");
                            }
                            value = args.get(n);
                        }
                        breakChar = value.isEmpty() ? Optional.empty() : Optional.of(value.charAt(0));
                        i = arg.length();
                    }
                    default -> {
                        return Optional.of("illegal option -- " + option);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private void convert(Path home, InputStream in) throws Fatal {
        if (!Files.isDirectory(home)) {
            throw new Fatal("unable to chdir");
        }
        Path users = home.resolve("users");
        include = listFile(users.resolve("include")).map(Pw2u::lowerSet);
        exclude = listFile(users.resolve("exclude")).map(Pw2u::lowerSet);
        mailNames = listFile(users.resolve("mailnames")).map(Pw2u::mailNameMap);
        String input;
        try {
            input = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new Fatal("unable to read input");
        }
        for (String line : lines(input)) {
            account(line);
        }
        if (!sawAlias) {
            throw new Fatal("unable to find " + PasswdEntry.ALIAS_USER + " user");
        }
        Optional<String> subusers = rawFile(users.resolve("subusers"));
        if (subusers.isPresent()) {
            for (String line : lines(subusers.get())) {
                subuser(line);
            }
        }
        rawFile(users.resolve("append")).ifPresent(out::append);
        out.append(".\n");
    }

    private void account(String line) throws Fatal {
        Optional<PasswdEntry> parsed = PasswdEntry.parse(line);
        if (parsed.isEmpty()) {
            return;
        }
        PasswdEntry entry = parsed.get();
        if (entry.uid() == 0) {
            return;
        }
        if (!allowUpper && entry.user().chars().anyMatch(c -> c >= 'A' && c <= 'Z')) {
            return;
        }
        String lowerUser = Ascii.lower(entry.user());
        if (include.isPresent() && !include.get().contains(lowerUser)) {
            return;
        }
        if (exclude.isPresent() && exclude.get().contains(lowerUser)) {
            return;
        }
        if (homeCheck != HomeCheck.NONE && !homeOwned(entry)) {
            return;
        }
        String uugh = ":" + entry.user() + ":" + entry.uidText() + ":" + entry.gidText() + ":" + entry.home() + ":";
        accounts.put(lowerUser, uugh);
        if (entry.user().equals(PasswdEntry.ALIAS_USER)) {
            out.append('+').append(uugh).append(dash).append("::\n");
            sawAlias = true;
        }
        String names = mailNames.flatMap(map -> Optional.ofNullable(map.get(lowerUser))).orElse(entry.user());
        for (String name : names.split(":")) {
            if (name.isEmpty()) {
                continue;
            }
            out.append('=').append(name).append(uugh).append("::\n");
            breakChar.ifPresent(c -> out.append('+').append(name).append(c).append(uugh).append(dash).append("::\n"));
        }
    }

    private boolean homeOwned(PasswdEntry entry) throws Fatal {
        try {
            if (entry.home().isEmpty()) {
                throw new NoSuchFileException(entry.home()); // stat("") fails with ENOENT
            }
            return ((Number) Files.getAttribute(Path.of(entry.home()), "unix:uid")).longValue() == entry.uid();
        } catch (NoSuchFileException e) {
            if (homeCheck == HomeCheck.STOP_MISSING) {
                throw new Fatal("unable to stat " + entry.home());
            }
            return false;
        } catch (IOException e) {
            throw new Fatal("unable to stat " + entry.home());
        }
    }

    private void subuser(String line) throws Fatal {
        String[] fields = fields(line, 3);
        if (fields == null) {
            return;
        }
        String sub = fields[0];
        String uugh = accounts.get(Ascii.lower(fields[1]));
        if (uugh == null) {
            throw new Fatal("unable to find " + fields[1] + " user for subuser");
        }
        if (fields[2] == null) {
            return;
        }
        String pre = fields[2];
        out.append('=').append(sub).append(uugh).append(dash).append(':').append(pre).append(":\n");
        breakChar.ifPresent(c -> out.append('+').append(sub).append(c).append(uugh).append(dash).append(':')
                .append(pre).append("-:\n"));
    }

    /**
     * The first {@code count} {@code :}-terminated fields of a subusers line: null when even the first two
     * are not there; the last element null when only it is missing (qmail-pw2u looks the user up before it).
     */
    private static String[] fields(String line, int count) {
        String[] fields = new String[count];
        int start = 0;
        for (int i = 0; i < count; i++) {
            int colon = line.indexOf(':', start);
            if (colon < 0) {
                return i < count - 1 ? null : fields;
            }
            fields[i] = line.substring(start, colon);
            start = colon + 1;
        }
        return fields;
    }

    /** The lines of a text, each without its LF; a last line without LF counts, an empty tail does not. */
    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** qmail's {@code control_readfile}: trailing LF, blanks and tabs removed, empty and {@code #} lines skipped. */
    private static Optional<List<String>> listFile(Path file) throws Fatal {
        Optional<String> text = rawFile(file);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        List<String> entries = new ArrayList<>();
        for (String line : lines(text.get())) {
            String stripped = line.replaceAll("[ \t]+$", "");
            if (!stripped.isEmpty() && stripped.charAt(0) != '#') {
                entries.add(stripped);
            }
        }
        return Optional.of(entries);
    }

    private static Optional<String> rawFile(Path file) throws Fatal {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new Fatal("unable to read controls");
        }
    }

    private static Set<String> lowerSet(List<String> entries) {
        Set<String> set = new HashSet<>();
        entries.forEach(entry -> set.add(Ascii.lower(entry)));
        return set;
    }

    /** {@code user:name1:name2}: the names after the first colon, by lower-cased user, the last line of a user winning. */
    private static Map<String, String> mailNameMap(List<String> entries) {
        Map<String, String> map = new HashMap<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon >= 0) {
                map.put(Ascii.lower(entry.substring(0, colon)), entry.substring(colon + 1));
            }
        }
        return map;
    }
}
