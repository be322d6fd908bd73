package org.tessera.access.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbRecord;
import org.tessera.common.tcprules.TcpRulesParser;
import org.tessera.common.tcprules.TcpRulesSyntaxException;

/**
 * Rebuilds every {@code control/tcp.NAME} text file into its {@code tcp.NAME.cdb}, as running
 * {@code tcprules tcp.NAME.cdb tcp.NAME.tmp < tcp.NAME} for each. A file that does not parse
 * leaves its old cdb as it was and does not stop the others.
 */
final class TcpRulesRebuild {

    /** {@code tcp.} and a listener name: not {@code tcp.smtp.cdb}, {@code tcp.smtp.tmp} or an editor's {@code tcp.smtp~}. */
    private static final Pattern RULES_TEXT = Pattern.compile("tcp\\.[A-Za-z0-9_-]+");

    /** What happened to one text file. */
    record Outcome(String textFile, String cdbFile, int records, String error) {

        boolean failed() {
            return error != null;
        }

        /** The line qmail:cdb prints. */
        String line() {
            return failed()
                    ? textFile + ": " + error + "; " + cdbFile + " left unchanged"
                    : cdbFile + ": " + records + (records == 1 ? " key" : " keys") + " from " + textFile;
        }
    }

    private TcpRulesRebuild() {
    }

    /** Rebuilds each rules file in the control directory, in name order. */
    static List<Outcome> rebuildAll(Path controlDirectory, CdbFiles cdbFiles) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (Path text : rulesTextFiles(controlDirectory)) {
            outcomes.add(rebuild(text, cdbFiles));
        }
        return outcomes;
    }

    private static List<Path> rulesTextFiles(Path controlDirectory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(controlDirectory,
                entry -> RULES_TEXT.matcher(entry.getFileName().toString()).matches() && Files.isRegularFile(entry))) {
            entries.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    private static Outcome rebuild(Path text, CdbFiles cdbFiles) {
        String name = text.getFileName().toString();
        Path cdb = text.resolveSibling(name + ".cdb");
        String cdbName = cdb.getFileName().toString();
        try {
            List<CdbRecord> records;
            try (InputStream in = Files.newInputStream(text)) {
                records = TcpRulesParser.parse(in);
            }
            // CdbFiles writes a temporary file beside the cdb, syncs it and renames it over: tcprules' commit.
            cdbFiles.write(cdb, records);
            return new Outcome(name, cdbName, records.size(), null);
        } catch (TcpRulesSyntaxException | IOException e) {
            return new Outcome(name, cdbName, 0, e.getMessage());
        }
    }
}
