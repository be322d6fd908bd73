package org.tessera.james.smtp;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerChainImpl;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;
import org.apache.james.protocols.smtp.core.SeparatingDataLineFilter;

/**
 * A DATA line filter that puts a {@link ReceivedHeader} in front of each message, in place of
 * James's {@link ReceivedDataLineFilter}, which calls {@code InetSocketAddress.getHostName()}
 * (a blocking reverse DNS lookup) for every message and writes James's own format.
 *
 * <p>The header goes before the first line of the message, whatever that line is: a header
 * line, the empty line that ends the header, or the final dot of an empty message (qmail-smtpd
 * always writes its Received line). Each of the header's lines is passed on with the session's
 * line delimiter, so the rest of the chain sees them as if the client had sent them.
 *
 * <p>Use {@link #replaceDefault(ProtocolHandlerChainImpl, ReceivedHeaderFilter)} on a chain that
 * is not wired yet, or {@link NonBlockingSMTPProtocolHandlerChain}, which does that.
 */
public final class ReceivedHeaderFilter extends SeparatingDataLineFilter {

    private static final AtomicLong INSTANCES = new AtomicLong();

    private final ReceivedHeader header;
    private final AttachmentKey<Boolean> added;

    /**
     * @param header the header's text, computed once per message
     */
    public ReceivedHeaderFilter(ReceivedHeader header) {
        this.header = Objects.requireNonNull(header, "header");
        this.added = AttachmentKey.of(ReceivedHeaderFilter.class.getName() + "." + INSTANCES.incrementAndGet(),
            Boolean.class);
    }

    /**
     * Replaces James's {@link ReceivedDataLineFilter} in a chain, at the same position, so that
     * the filter order (Received first, then the message hooks) stays James's.
     *
     * @param chain a chain with James's default SMTP handlers, before {@code wireExtensibleHandlers()}
     * @param replacement the filter to put in its place
     * @throws IllegalStateException if the chain holds no {@code ReceivedDataLineFilter}
     * @throws UnsupportedOperationException if the chain is already wired
     */
    public static void replaceDefault(ProtocolHandlerChainImpl chain, ReceivedHeaderFilter replacement) {
        for (int i = 0; i < chain.size(); i++) {
            ProtocolHandler handler = chain.get(i);
            if (handler instanceof ReceivedDataLineFilter) {
                chain.set(i, replacement);
                return;
            }
        }
        throw new IllegalStateException("the chain has no ReceivedDataLineFilter to replace");
    }

    @Override
    protected Response onHeadersLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        return prependHeader(session, line, next);
    }

    @Override
    protected Response onSeparatorLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        return prependHeader(session, line, next);
    }

    private Response prependHeader(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (session.getAttachment(added, State.Transaction).isEmpty()) {
            session.setAttachment(added, Boolean.TRUE, State.Transaction);
            List<String> lines = header.lines(session);
            for (String headerLine : lines) {
                byte[] bytes = (headerLine + session.getLineDelimiter()).getBytes(session.getCharset());
                Response response = next.onLine(session, bytes);
                if (response != null) {
                    return response;
                }
            }
        }
        return next.onLine(session, line);
    }
}
