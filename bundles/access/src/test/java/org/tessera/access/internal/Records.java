package org.tessera.access.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbRecord;
import org.tessera.common.cdb.CdbFileStore;
import org.tessera.common.tcprules.TcpRulesParser;
import org.tessera.common.tcprules.TcpRulesSyntaxException;

/** Test helpers: rules text compiled and shown as {@code key->value} lines, and the cdb files. */
final class Records {

    private Records() {
    }

    /** The cdb files the server's service and bin/tcprules share. */
    static CdbFiles cdbFiles() {
        return new CdbFileStore();
    }

    static List<CdbRecord> compile(String text) throws IOException, TcpRulesSyntaxException {
        return TcpRulesParser.parse(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Each record as {@code key->value}, a NUL shown as {@code \0}. */
    static List<String> shown(String text) throws IOException, TcpRulesSyntaxException {
        return compile(text).stream()
                .map(r -> latin1(r.key()) + "->" + latin1(r.value()).replace("\0", "\\0"))
                .toList();
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
