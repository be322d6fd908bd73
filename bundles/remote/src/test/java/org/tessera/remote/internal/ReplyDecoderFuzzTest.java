package org.tessera.remote.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A peer's bytes, cut into replies as qmail-remote's smtpcode() reads them: a reply, or
 * {@link ReplyDecoder.ReplyTooLongException} past the limit, and nothing else; a reply's text is at
 * most {@value ReplyDecoder#TEXT_LIMIT} characters and its EHLO keywords can always be read.
 */
class ReplyDecoderFuzzTest {

    @FuzzTest
    void peerBytes(FuzzedDataProvider data) {
        ReplyDecoder decoder = new ReplyDecoder(data.consumeInt(1, 2 * ReplyDecoder.TEXT_LIMIT));
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            for (byte b : bytes) {
                SmtpReply reply = decoder.feed(b);
                if (reply != null) {
                    assertTrue(reply.text().length() <= ReplyDecoder.TEXT_LIMIT, "text cut at the limit");
                    List<String> keywords = reply.ehloKeywords();
                    assertTrue(keywords.stream().noneMatch(k -> k.contains("\n")), "a keyword is one line's word");
                    reply.atLeast(500);
                }
            }
        } catch (ReplyDecoder.ReplyTooLongException tooLong) {
            // the documented end of a reply that goes on past the limit
        }
    }
}
