package org.tessera.tools;

import java.io.PrintStream;
import java.util.List;

/**
 * Option parsing as DJB's {@code sgetopt}, which qmail's tools share: options until the first word that
 * does not start with {@code -} (a lone {@code -} is such a word), a word starting with {@code --}
 * ends them and is dropped, an option
 * that takes an argument takes the rest of its word or else the next word; an unknown option or a
 * missing argument prints {@code prog: illegal option -- c} or {@code prog: option requires an
 * argument -- c} on standard error and is reported as {@code '?'}.
 */
public final class Getopt {

    /** What {@link #next()} returns when the options are over. */
    public static final int DONE = -1;

    private final List<String> args;
    private final String spec;
    private final String program;
    private final PrintStream err;
    private int index;
    private int position;
    private String argument;

    /**
     * @param args the arguments, without the program's name
     * @param spec option letters, each followed by {@code :} when it takes an argument
     * @param program the name in the error messages
     */
    public Getopt(List<String> args, String spec, String program, PrintStream err) {
        this.args = args;
        this.spec = spec;
        this.program = program;
        this.err = err;
    }

    /** The next option letter, {@code '?'} for a bad one, or {@link #DONE}. */
    public int next() {
        argument = null;
        if (index >= args.size()) {
            return DONE;
        }
        if (position > 0 && position >= args.get(index).length()) {
            index++;
            position = 0;
            if (index >= args.size()) {
                return DONE;
            }
        }
        String word = args.get(index);
        if (position == 0) {
            if (!word.startsWith("-") || word.length() == 1) {
                return DONE;
            }
            if (word.charAt(1) == '-') {
                // qmail's getopt takes any word starting with "--" as the end of the options, and drops it.
                index++;
                return DONE;
            }
            position = 1;
        }
        char c = word.charAt(position++);
        int at = c == ':' ? -1 : spec.indexOf(c);
        if (at < 0) {
            err.println(program + ": illegal option -- " + c);
            return '?';
        }
        if (at + 1 < spec.length() && spec.charAt(at + 1) == ':') {
            String rest = word.substring(position);
            index++;
            position = 0;
            if (rest.isEmpty()) {
                if (index >= args.size()) {
                    err.println(program + ": option requires an argument -- " + c);
                    return '?';
                }
                rest = args.get(index++);
            }
            argument = rest;
        }
        return c;
    }

    /** The argument of the option {@link #next()} returned last, or null. */
    public String argument() {
        return argument;
    }

    /** Skips what is left of the current word (sendmail's {@code -E} and {@code -J} take it as theirs). */
    public void skipRestOfWord() {
        if (position > 0) {
            index++;
            position = 0;
        }
    }

    /** The words after the options. */
    public List<String> operands() {
        int from = position > 0 ? index + 1 : index;
        return args.subList(Math.min(from, args.size()), args.size());
    }
}
