package org.tessera.queue.internal.send;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Objects;

import org.tessera.common.mail.HeaderText;
import org.tessera.common.mail.RfcQuote;

/**
 * The bounce qmail-send injects when a message with permanent failures is finished, written as a
 * stream so the copied message never sits in memory. Its format is qmail's bounce format
 * (cr.yp.to/proto/qsbmf.txt).
 */
public final class BounceMessage {

    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private final BounceAddressing addressing;
    private final String bounceFrom;
    private final String bounceHost;
    private final long date;

    /**
     * Prepares a bounce.
     *
     * @param addressing who gets it; must not be {@link BounceAddressing.Kind#DISCARD}
     * @param bounceFrom {@code bouncefrom}, the local part of {@code From:}
     * @param bounceHost {@code bouncehost}, the domain of {@code From:} and of the greeting line
     * @param date the injection time in epoch seconds, shown in UTC as qmail does
     */
    public BounceMessage(BounceAddressing addressing, String bounceFrom, String bounceHost, long date) {
        this.addressing = Objects.requireNonNull(addressing, "addressing");
        if (addressing.kind() == BounceAddressing.Kind.DISCARD) {
            throw new IllegalArgumentException("a triple bounce is discarded, not written");
        }
        this.bounceFrom = Objects.requireNonNull(bounceFrom, "bounceFrom");
        this.bounceHost = Objects.requireNonNull(bounceHost, "bounceHost");
        this.date = date;
    }

    /**
     * Formats one failed recipient for {@code bounce/<id>} (qmail's addbounce).
     *
     * @param recipient the recipient as the bounce shows it (virtual-domain prepend removed)
     * @param report the channel's permanent-failure text
     * @return {@code <recipient>:}, the report ending in a newline with each empty line shown as
     *         a line {@code /}, and one empty line
     */
    public static String recipientBlock(String recipient, String report) {
        StringBuilder b = new StringBuilder(recipient.length() + report.length() + 8);
        b.append('<').append(recipient.replace('\n', '_')).append(">:\n");
        String text = report.isEmpty() || report.endsWith("\n") ? report : report + "\n";
        // Every empty line of the report becomes a line "/", so the block's last line is the only
        // empty one (qmail itself overwrites the second '\n' of each pair instead).
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            b.append(end == start ? "/" : text.substring(start, end)).append('\n');
            start = end + 1;
        }
        return b.append('\n').toString();
    }

    /**
     * Returns the text before the recipient blocks: headers, greeting and explanation.
     *
     * @return the head, ending with the empty line after the explanation
     */
    public String head() {
        boolean single = addressing.kind() == BounceAddressing.Kind.SINGLE;
        return dateField(date)
                + "From: " + RfcQuote.quote(bounceFrom) + "@" + bounceHost + "\n"
                + "To: " + HeaderText.oneLine(RfcQuote.quoteAddress(addressing.recipient())) + "\n"
                + "Subject: failure notice\n"
                + "\n"
                + "Hi. This is the qmail-send program at " + bounceHost + ".\n"
                + (single
                        ? "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
                                + "This is a permanent error; I've given up. Sorry it didn't work out.\n"
                        : "I tried to deliver a bounce message to this address, but the bounce bounced!\n")
                + "\n";
    }

    /**
     * Returns the text between the recipient blocks and the copied message.
     *
     * @return the {@code ---} line, an empty line and the {@code Return-Path:} line
     */
    public String separator() {
        return (addressing.kind() == BounceAddressing.Kind.SINGLE
                        ? "--- Below this line is a copy of the message.\n\n"
                        : "--- Below this line is the original bounce.\n\n")
                + "Return-Path: <" + RfcQuote.quoteAddress(addressing.returnPath()) + ">\n";
    }

    /**
     * Returns everything before the copied message, for bounces whose blocks are at hand.
     *
     * @param blocks the concatenated {@link #recipientBlock} texts
     * @return head, blocks and separator
     */
    public String prefix(String blocks) {
        return head() + blocks + separator();
    }

    /**
     * Writes the whole bounce, streaming the blocks and the queued message.
     *
     * @param out where the bounce goes (the injection of the new message)
     * @param blocks the contents of {@code bounce/<id>}
     * @param original the queued message including its {@code Received} lines
     * @throws IOException when a stream fails
     */
    public void writeTo(OutputStream out, InputStream blocks, InputStream original) throws IOException {
        // Header text is written as UTF-8 (ASCII for every value qmail would accept); the blocks
        // and the message are copied byte for byte.
        out.write(head().getBytes(StandardCharsets.UTF_8));
        blocks.transferTo(out);
        out.write(separator().getBytes(StandardCharsets.UTF_8));
        original.transferTo(out);
    }

    /** qmail's newfield_datemake: {@code Date: 1 Jan 2000 00:00:00 -0000}, always UTC. */
    static String dateField(long epochSeconds) {
        ZonedDateTime t = Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "Date: %d %s %d %02d:%02d:%02d -0000\n", t.getDayOfMonth(),
                MONTHS[t.getMonthValue() - 1], t.getYear(), t.getHour(), t.getMinute(), t.getSecond());
    }
}
