package org.tessera.access.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbTable;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.ConnectionDecision;
import org.tessera.common.cdbtable.ReopeningCdb;

/**
 * One listener's {@code tcp.NAME.cdb}, kept open and reopened when the file changes, as tcpserver
 * sees a new cdb at its next connection. A look costs one stat; the file is reopened only when its
 * identity, time or size changed (tcprules replaces it by rename, giving it a new inode).
 */
final class RulesCdb implements AutoCloseable {

    private final ReopeningCdb cdb;

    RulesCdb(Path file, CdbFiles cdbFiles) {
        this.cdb = new ReopeningCdb(file, cdbFiles);
    }

    /**
     * The decision of the first key of {@link LookupKeys} present in the file.
     *
     * @return empty when the file does not exist; {@link ConnectionDecision#ALLOW} when no key matched
     * @throws UncheckedIOException when the file exists but cannot be read (the connection is then dropped,
     *         as tcpserver drops it when its rules cannot be read)
     */
    Optional<ConnectionDecision> check(ClientInfo client) {
        try {
            return cdb.read(table -> Optional.of(decision(table, client)), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(cdb.file() + ": cannot read the rules", e);
        }
    }

    private static ConnectionDecision decision(CdbTable table, ClientInfo client) throws IOException {
        for (String key : LookupKeys.of(client)) {
            // The rules text is compiled byte for byte; UTF-8 gives the ASCII of addresses and names unchanged.
            Optional<byte[]> value = table.find(key.getBytes(StandardCharsets.UTF_8));
            if (value.isPresent()) {
                return RuleValue.decision(value.get());
            }
        }
        return ConnectionDecision.ALLOW;
    }

    @Override
    public void close() {
        cdb.close();
    }
}
