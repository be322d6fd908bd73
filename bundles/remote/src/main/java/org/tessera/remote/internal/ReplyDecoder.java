package org.tessera.remote.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Cuts the peer's bytes into {@link SmtpReply}s exactly as qmail-remote's smtpcode() reads them,
 * byte by byte; a reply longer than the limit (qmail would read it for ever) fails the channel
 * with {@link ReplyTooLongException}.
 */
final class ReplyDecoder extends ByteToMessageDecoder {

    /** qmail-remote's HUGESMTPTEXT: the most reply text kept for the report. */
    static final int TEXT_LIMIT = 5000;

    private enum State { CODE, FOURTH, CONTINUED_LINE, LAST_LINE }

    private final int limit;
    private State state = State.CODE;
    private int digits;
    private boolean firstLine = true;
    private long code;
    private int length;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream(128);

    ReplyDecoder(int limit) {
        this.limit = limit;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            SmtpReply reply = feed(in.readByte());
            if (reply != null) {
                out.add(reply);
            }
        }
    }

    /** Takes one byte; returns the reply it completes, or null. */
    SmtpReply feed(byte b) {
        int ch = b & 0xff;
        if (++length > limit) {
            throw new ReplyTooLongException(limit);
        }
        if (ch != '\r' && text.size() < TEXT_LIMIT) {
            text.write(ch == 0 ? '?' : ch);
        }
        switch (state) {
            case CODE -> {
                if (firstLine) {
                    code = digits == 0 ? ch - '0' : code * 10 + (ch - '0');
                }
                if (++digits == 3) {
                    state = State.FOURTH;
                }
            }
            case FOURTH -> {
                if (ch == '-') {
                    state = State.CONTINUED_LINE;
                } else if (ch == '\n') {
                    return complete();
                } else {
                    state = State.LAST_LINE;
                }
            }
            case CONTINUED_LINE -> {
                if (ch == '\n') {
                    state = State.CODE;
                    digits = 0;
                    firstLine = false;
                }
            }
            case LAST_LINE -> {
                if (ch == '\n') {
                    return complete();
                }
            }
        }
        return null;
    }

    private SmtpReply complete() {
        SmtpReply reply = new SmtpReply(code, text.toString(StandardCharsets.UTF_8));
        text.reset();
        state = State.CODE;
        digits = 0;
        firstLine = true;
        code = 0;
        length = 0;
        return reply;
    }

    /** A reply went on past the limit. */
    static final class ReplyTooLongException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int limit;

        ReplyTooLongException(int limit) {
            super("SMTP reply longer than " + limit + " bytes", null, false, false);
            this.limit = limit;
        }
    }
}
