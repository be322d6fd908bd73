package org.tessera.listener;

import java.util.List;

import org.apache.james.protocols.netty.ChannelHandlerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Hands over the input as it arrived, in pieces of at most {@code maxChunk} bytes, for protocols
 * without lines (QMTP's and QMQP's netstrings): unlike {@link LineChunkFramer} it never waits for
 * a LF, so the comma that ends a package reaches the handler at once.
 */
public final class ByteChunkFramer implements ChannelHandlerFactory {

    private final int maxChunk;

    /** @param maxChunk the most bytes handed over at once, at least 1 */
    public ByteChunkFramer(int maxChunk) {
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
                    out.add(in.readRetainedSlice(Math.min(in.readableBytes(), maxChunk)));
                }
            }
        };
    }
}
