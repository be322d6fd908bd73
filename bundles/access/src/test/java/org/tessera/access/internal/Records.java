package org.tessera.access.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;

import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbRecord;

/** Test helpers: rules text compiled and shown as {@code key->value} lines, and the control bundle's cdb service. */
final class Records {

    private Records() {
    }

    /** The cdb service as bin/tcprules finds it: through the control jar's META-INF/services entry. */
    static CdbFiles cdbFiles() {
        return ServiceLoader.load(CdbFiles.class).findFirst().orElseThrow();
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
