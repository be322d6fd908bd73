package org.tessera.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbRecord;
import org.tessera.common.tcprules.TcpRulesParser;
import org.tessera.common.tcprules.TcpRulesSyntaxException;

/**
 * {@code bin/tcprules}: ucspi-tcp's {@code tcprules rules.cdb rules.tmp < rules.txt}, with its
 * messages and exit codes (100 for usage and syntax, 111 for system trouble), compiled by the same
 * code as the server's {@code qmail:cdb}.
 */
public final class TcpRulesTool {

    public static final int EXIT_OK = 0;
    public static final int EXIT_PERMANENT = 100;
    public static final int EXIT_TEMPORARY = 111;

    private static final String FATAL = "tcprules: fatal: ";
    private static final String USAGE = "tcprules: usage: tcprules rules.cdb rules.tmp";

    private TcpRulesTool() {
    }

    /**
     * The whole of tcprules: returns the exit status, having printed any message.
     *
     * @param args the cdb file and the temporary file; more are ignored, as tcprules ignores them
     */
    public static int run(List<String> args, InputStream in, PrintStream err, CdbFiles cdbFiles) {
        if (args.size() < 2) {
            err.println(USAGE);
            return EXIT_PERMANENT;
        }
        Path cdb = Path.of(args.get(0));
        Path temporary = Path.of(args.get(1));
        List<CdbRecord> records;
        try {
            records = TcpRulesParser.parse(in);
        } catch (TcpRulesSyntaxException e) {
            err.println(FATAL + e.getMessage()); // before anything is written: the old cdb stays
            return EXIT_PERMANENT;
        } catch (IOException e) {
            err.println(FATAL + "unable to read input: " + e.getMessage());
            return EXIT_TEMPORARY;
        }
        try {
            // Written (and synced) whole under the name the operator gave, then renamed over the cdb.
            cdbFiles.write(temporary, records);
        } catch (IOException e) {
            err.println(FATAL + "unable to write to " + temporary + ": " + e.getMessage());
            return EXIT_TEMPORARY;
        }
        try {
            Files.move(temporary, cdb, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            err.println(FATAL + "unable to move " + temporary + " to " + cdb + ": " + e.getMessage());
            return EXIT_TEMPORARY;
        }
        return EXIT_OK;
    }
}
