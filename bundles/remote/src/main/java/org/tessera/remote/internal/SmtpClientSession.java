package org.tessera.remote.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;

import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;
import org.tessera.remote.internal.ReplyDecoder.ReplyTooLongException;
import org.tessera.remote.internal.SessionResult.Recipient;

/**
 * qmail-remote's smtp(): the dialogue with one peer, on the connection's event loop. HELO, MAIL,
 * RCPT, DATA, the body and QUIT, every outcome in qmail's words; EHLO, PIPELINING and STARTTLS only
 * when the transaction asks for them. Each reply and each write has {@code timeoutremote}.
 */
final class SmtpClientSession extends ChannelInboundHandlerAdapter {

    /** Where the session stands towards the message: what QUIT and a dropped connection mean then. */
    private enum Phase {
        /** Commands and their replies; QUIT may still be sent. */
        DIALOGUE,
        /** The peer took DATA and the body is going out: a QUIT would be read as message text. */
        BODY,
        /** The final dot went out: a connection lost now may have delivered (qmail's "critical"). */
        AWAITING_ACCEPTANCE,
        /** The report is made; nothing more is sent or read. */
        ENDED
    }

    private enum Encryption {
        PLAIN,
        HANDSHAKING,
        TLS
    }

    private final Batch batch;
    private final Transaction tx;
    private final String ip;
    private final String tlsHost;
    private final int port;
    private final TlsPolicy tls;
    private final Executor readers;
    private final Consumer<SessionResult> done;
    private final ArrayDeque<SmtpReply> replies = new ArrayDeque<>();
    private List<String> rcpts = List.of();
    private Recipient[] recipients = new Recipient[0];
    private ChannelHandlerContext ctx;
    private Consumer<SmtpReply> expecting;
    private boolean delivering;
    private ScheduledFuture<?> deadline;
    private Phase phase = Phase.DIALOGUE;
    private Encryption encryption = Encryption.PLAIN;
    private boolean pipelining;
    private int accepted;
    private BodyReader body;

    SmtpClientSession(Batch batch, MxAddress target, int port, TlsPolicy tls, Executor readers,
            Consumer<SessionResult> done) {
        this.batch = batch;
        this.tx = batch.first();
        this.ip = target.address().getHostAddress();
        this.tlsHost = target.host();
        this.port = port;
        this.tls = tls;
        this.readers = readers;
        this.done = done;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        expect(this::greeting);
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (phase == Phase.ENDED) {
            return;
        }
        replies.add((SmtpReply) msg);
        deliverReplies();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        died();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof ReplyTooLongException tooLong) {
            end(Reports.temporary(Reports.replyTooLong(ip, tooLong.limit)));
        } else if (encryption != Encryption.HANDSHAKING) {
            // The handshake's own future reports a TLS failure; anything else is qmail's dropped().
            died();
        }
    }

    // ---- the dialogue, in qmail-remote's order

    private void greeting(SmtpReply r) {
        if (!r.is(220)) {
            quit(Outcome.TEMPORARY, "Connected to ", " but greeting failed", r);
        } else if (tx.ehlo()) {
            ehlo();
        } else {
            helo();
        }
    }

    private void ehlo() {
        send("EHLO " + tx.helo());
        expect(this::ehloReply);
    }

    private void ehloReply(SmtpReply r) {
        if (!r.is(250)) {
            helo();
            return;
        }
        List<String> keywords = r.ehloKeywords();
        if (encryption != Encryption.TLS && tls.enabled() && keywords.contains("STARTTLS")) {
            send("STARTTLS");
            expect(reply -> startTlsReply(reply, keywords.contains("PIPELINING")));
        } else if (tx.tlsRequired() && encryption != Encryption.TLS) {
            quitText(Reports.tlsUnavailable(ip));
        } else {
            pipelining = keywords.contains("PIPELINING");
            mail();
        }
    }

    private void helo() {
        if (tx.tlsRequired() && encryption != Encryption.TLS) {
            quitText(Reports.tlsUnavailable(ip));
            return;
        }
        send("HELO " + tx.helo());
        expect(r -> {
            if (!r.is(250)) {
                quit(Outcome.TEMPORARY, "Connected to ", " but my name was rejected", r);
            } else {
                mail();
            }
        });
    }

    private void startTlsReply(SmtpReply r, boolean peerPipelines) {
        if (!r.is(220)) {
            if (tx.tlsRequired()) {
                quitText(Reports.tlsUnavailable(ip));
            } else {
                pipelining = peerPipelines;
                mail();
            }
            return;
        }
        SslHandler handler = tls.context(tx.tlsRequired()).newHandler(ctx.alloc(), tlsHost, port);
        handler.setHandshakeTimeout(tx.timeoutSeconds(), TimeUnit.SECONDS);
        encryption = Encryption.HANDSHAKING;
        ctx.pipeline().addFirst("tls", handler);
        handler.handshakeFuture().addListener(f -> {
            encryption = Encryption.PLAIN;
            if (phase == Phase.ENDED) {
                return;
            }
            if (f.isSuccess()) {
                encryption = Encryption.TLS;
                // Nothing the peer sent before the handshake may count as a reply after it.
                replies.clear();
                ehlo();
            } else {
                Throwable why = f.cause();
                end(Reports.temporary(Reports.tlsFailed(ip, why.getMessage() == null ? why.toString() : why.getMessage())));
            }
        });
    }

    private void mail() {
        rcpts = batch.seal().recipients();
        recipients = new Recipient[rcpts.size()];
        String mail = "MAIL FROM:<" + tx.sender() + ">";
        if (pipelining) {
            write(mail);
            for (String recipient : rcpts) {
                write("RCPT TO:<" + recipient + ">");
            }
            send("DATA");
        } else {
            send(mail);
        }
        expect(r -> {
            if (r.atLeast(500)) {
                quit(Outcome.PERMANENT, "Connected to ", " but sender was rejected", r);
            } else if (r.atLeast(400)) {
                quit(Outcome.TEMPORARY, "Connected to ", " but sender was rejected", r);
            } else {
                recipient(0);
            }
        });
    }

    private void recipient(int i) {
        if (i == recipients.length) {
            if (pipelining) {
                expect(this::dataReply);
            } else if (accepted > 0) {
                send("DATA");
                expect(this::dataReply);
            } else {
                giveUp();
            }
            return;
        }
        if (!pipelining) {
            send("RCPT TO:<" + rcpts.get(i) + ">");
        }
        expect(r -> {
            if (r.atLeast(500)) {
                recipients[i] = new Recipient('h', ip + " does not like recipient.\n" + said(r));
            } else if (r.atLeast(400)) {
                recipients[i] = new Recipient('s', ip + " does not like recipient.\n" + said(r));
            } else {
                recipients[i] = new Recipient('r', "");
                accepted++;
            }
            recipient(i + 1);
        });
    }

    private void giveUp() {
        quit(Outcome.PERMANENT, "Giving up on ", "", null);
    }

    private void dataReply(SmtpReply r) {
        if (!r.atLeast(400)) {
            phase = Phase.BODY;
        }
        if (accepted == 0) {
            // Only with PIPELINING: DATA went out before the RCPT replies were in.
            giveUp();
        } else if (r.atLeast(500)) {
            quit(Outcome.PERMANENT, "", " failed on DATA command", r);
        } else if (r.atLeast(400)) {
            quit(Outcome.TEMPORARY, "", " failed on DATA command", r);
        } else {
            body = new BodyReader(tx.content(), readers, ctx.alloc());
            body.next(new Sink());
        }
    }

    private void finalReply(SmtpReply r) {
        phase = Phase.DIALOGUE;
        if (r.atLeast(500)) {
            quit(Outcome.PERMANENT, "", " failed after I sent the message", r);
        } else if (r.atLeast(400)) {
            quit(Outcome.TEMPORARY, "", " failed after I sent the message", r);
        } else {
            quit(Outcome.SUCCESS, "", " accepted message", r);
        }
    }

    /** The body, chunk by chunk: read on a reader thread, written here, the next read once written. */
    private final class Sink implements BodyReader.Sink {
        @Override
        public void chunk(ByteBuf encoded) {
            ctx.executor().execute(() -> {
                if (phase == Phase.ENDED) {
                    encoded.release();
                    return;
                }
                arm();
                ctx.writeAndFlush(encoded).addListener(f -> {
                    if (phase == Phase.ENDED) {
                        return;
                    }
                    disarm();
                    if (f.isSuccess()) {
                        body.next(this);
                    } else {
                        died();
                    }
                });
            });
        }

        @Override
        public void end(boolean wholeLines) {
            ctx.executor().execute(() -> {
                if (phase == Phase.ENDED) {
                    return;
                }
                if (!wholeLines) {
                    SmtpClientSession.this.end(Reports.PARTIAL_LINE);
                    return;
                }
                phase = Phase.AWAITING_ACCEPTANCE;
                send(".");
                expect(SmtpClientSession.this::finalReply);
            });
        }

        @Override
        public void failed(IOException e) {
            ctx.executor().execute(() -> SmtpClientSession.this.end(Reports.READ_MESSAGE));
        }
    }

    // ---- replies, writes, time limits, the end

    private void expect(Consumer<SmtpReply> next) {
        expecting = next;
        arm();
        if (!delivering) {
            deliverReplies();
        }
    }

    private void deliverReplies() {
        delivering = true;
        try {
            while (phase != Phase.ENDED && expecting != null && !replies.isEmpty()) {
                Consumer<SmtpReply> next = expecting;
                expecting = null;
                disarm();
                next.accept(replies.poll());
            }
        } finally {
            delivering = false;
        }
        // Replies nobody asked for yet stay queued, and the peer is not read until they are taken.
        if (phase != Phase.ENDED) {
            ctx.channel().config().setAutoRead(expecting != null || replies.isEmpty());
        }
    }

    private void write(String line) {
        ctx.write(Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.UTF_8)).addListener(f -> {
            if (!f.isSuccess()) {
                died();
            }
        });
    }

    private void send(String line) {
        write(line);
        ctx.flush();
    }

    private void arm() {
        disarm();
        deadline = ctx.executor().schedule(this::died, tx.timeoutSeconds(), TimeUnit.SECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private static String said(SmtpReply r) {
        return r == null || r.text().isEmpty() ? "" : "Remote host said: " + r.text();
    }

    /** qmail's quit(): QUIT without waiting for its reply, then the report. */
    private void quit(Outcome outcome, String prepend, String append, SmtpReply reply) {
        if (phase == Phase.DIALOGUE) {
            send("QUIT");
        }
        end(new DeliveryReport(outcome, prepend + ip + append + ".\n" + said(reply)));
    }

    private void quitText(String text) {
        if (phase != Phase.ENDED) {
            send("QUIT");
        }
        end(Reports.temporary(text));
    }

    /** qmail's dropped(): the peer went away, or a read or write timed out. */
    private void died() {
        end(Reports.temporary(Reports.connectionDied(ip, phase == Phase.AWAITING_ACCEPTANCE)));
    }

    private void end(DeliveryReport message) {
        if (phase == Phase.ENDED) {
            return;
        }
        phase = Phase.ENDED;
        disarm();
        replies.clear();
        ctx.close();
        SessionResult result = new SessionResult(message, Arrays.asList(recipients));
        if (body != null) {
            body.close().whenComplete((ok, failure) -> done.accept(result));
        } else {
            done.accept(result);
        }
    }
}
