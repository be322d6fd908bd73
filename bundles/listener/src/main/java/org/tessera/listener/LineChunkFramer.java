package org.tessera.listener;

import java.util.List;

import org.apache.james.protocols.netty.ChannelHandlerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Hands over the input in pieces that end after a LF (as many whole lines as have arrived, up
 * to {@code maxChunk} bytes), or, for a run of {@code maxChunk} bytes without a LF, that run: a
 * handler sees every byte, in order, with its line ends, and never more than {@code maxChunk}
 * at once. Whole lines go together because each piece costs a hand-over to the handler thread;
 * a message body of many short lines arrives in a few pieces, not one per line. Unlike James's line framer it neither drops an over-long line
 * nor strips a delimiter, which a byte-exact protocol (SMTP DATA with qmail's bare-LF rule,
 * messages with lines of any length) needs; deciding what is too long is the handler's job.
 */
public final class LineChunkFramer implements ChannelHandlerFactory {

    private final int maxChunk;

    /** @param maxChunk the most bytes handed over at once, at least 1 */
    public LineChunkFramer(int maxChunk) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException("maxChunk must be at least 1: " + maxChunk);
        }
        this.maxChunk = maxChunk;
    }

    @Override
    public ChannelInboundHandlerAdapter create(ChannelPipeline pipeline) {
        return new ByteToMessageDecoder() {
            @Override
            protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
                while (in.isReadable()) {
                    int window = Math.min(in.readableBytes(), maxChunk);
                    // From the window's end backwards: the last LF in it.
                    int lf = in.indexOf(in.readerIndex() + window, in.readerIndex(), (byte) '\n');
                    if (lf < 0 && window < maxChunk) {
                        return; // an unfinished short line: wait for more bytes
                    }
                    int length = lf < 0 ? window : lf - in.readerIndex() + 1;
                    out.add(in.readRetainedSlice(length));
                }
            }
        };
    }
}
