package org.tessera.queue.internal.send;

import java.nio.charset.StandardCharsets;

import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryReport;

/**
 * The lines qmail-send writes to its log (qmail-log(5)), without the trailing newline and without
 * the timestamp, which the logger adds.
 */
public final class MailLogLines {

    private MailLogLines() {
    }

    /**
     * Makes a variable part <em>safe</em> as qmail's logsafe: {@code \n} becomes {@code /}, every
     * byte below 33, above 126, or {@code %} becomes {@code _}.
     *
     * @param text an address or report
     * @return the text fit for one log line
     */
    public static String safe(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                b.append('/');
            } else if (cp < 33 || cp > 126 || cp == '%') {
                // qmail works on bytes: a non-ASCII character is one '_' per byte of its UTF-8 form.
                int bytes = cp < 128 ? 1 : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                b.append("_".repeat(bytes));
            } else {
                b.append((char) cp);
            }
        }
        return b.toString();
    }

    /** @return {@code new msg <id>}, when preprocessing of a message begins */
    public static String newMsg(long id) {
        return "new msg " + id;
    }

    /**
     * Formats the line logged when the sender record is read.
     *
     * @param id the message number
     * @param bytes the size of the queued message file
     * @param sender the envelope sender, {@code ""} for {@code <>}
     * @param qp the pid of the injecting qmail-queue (Tessera: the injection's number)
     * @param uid the uid of the injecting process
     * @return {@code info msg <id>: bytes <b> from <<sender>> qp <qp> uid <uid>}
     */
    public static String infoMsg(long id, long bytes, String sender, long qp, long uid) {
        return "info msg " + id + ": bytes " + bytes + " from <" + safe(sender) + "> qp " + qp + " uid " + uid;
    }

    /**
     * Formats the line logged when a delivery is handed to a channel.
     *
     * @param delivery the delivery number, 1 for the first since start
     * @param id the message number
     * @param channel the channel
     * @param recipient the rewritten recipient
     * @return {@code starting delivery <d>: msg <id> to local|remote <recip>}
     */
    public static String startingDelivery(long delivery, long id, Channel channel, String recipient) {
        return "starting delivery " + delivery + ": msg " + id
                + (channel == Channel.LOCAL ? " to local " : " to remote ") + safe(recipient);
    }

    /**
     * Formats the channel occupancy line.
     *
     * @param localUsed running local deliveries
     * @param localMax local concurrency
     * @param remoteUsed running remote deliveries
     * @param remoteMax remote concurrency
     * @param exitAsap whether TERM was received
     * @return {@code status: local <l>/<L> remote <r>/<R>}, {@code  exitasap} appended after TERM
     */
    public static String status(int localUsed, int localMax, int remoteUsed, int remoteMax, boolean exitAsap) {
        return "status: local " + localUsed + "/" + localMax + " remote " + remoteUsed + "/" + remoteMax
                + (exitAsap ? " exitasap" : "");
    }

    /**
     * Formats a channel's report; pass the report after {@link RetrySchedule#applyLifetime}.
     *
     * @param delivery the delivery number
     * @param report the report
     * @return {@code delivery <d>: success|failure|deferral: <safe report>}
     */
    public static String delivery(long delivery, DeliveryReport report) {
        String word = switch (report.outcome()) {
            case SUCCESS -> "success";
            case PERMANENT -> "failure";
            case TEMPORARY -> "deferral";
        };
        return "delivery " + delivery + ": " + word + ": " + safe(report.text());
    }

    /** @return {@code delivery <d>: report mangled, will defer}, for a report that is neither K, D nor Z */
    public static String reportMangled(long delivery) {
        return "delivery " + delivery + ": report mangled, will defer";
    }

    /**
     * Formats the line logged when a bounce (or double bounce) was queued.
     *
     * @param id the number of the failed message
     * @param qp the qp of the injection of the bounce
     * @return {@code bounce msg <id> qp <qp>}
     */
    public static String bounceMsg(long id, long qp) {
        return "bounce msg " + id + " qp " + qp;
    }

    /** @return {@code triple bounce: discarding bounce/<id>}, when a double bounce failed */
    public static String tripleBounce(long id) {
        return "triple bounce: discarding bounce/" + id;
    }

    /** @return {@code end msg <id>}, when a finished message is about to be removed */
    public static String endMsg(long id) {
        return "end msg " + id;
    }

    /** @return {@code status: exiting}, after a clean shutdown */
    public static String statusExiting() {
        return "status: exiting";
    }
}
