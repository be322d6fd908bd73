package org.tessera.qmtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.tessera.api.queue.InjectResult;

/** The answers as they go out: netstrings, and the queue's result in qmail's words. */
class NetstringTest {

    @Test
    void answersAreNetstrings() {
        assertEquals("46:Dsorry, I can't handle that recipient (#5.1.3),",
                new String(PackageSession.netstring(Replies.CANT_HANDLE_RECIPIENT), StandardCharsets.US_ASCII));
        assertEquals("66:Dsorry, that domain isn't in my list of allowed rcpthosts (#5.7.1),",
                new String(PackageSession.netstring("Dsorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)"), StandardCharsets.US_ASCII));
        assertEquals("0:,", new String(PackageSession.netstring(""), StandardCharsets.US_ASCII));
    }

    @Test
    void theQueuesResultBecomesKZOrD() {
        long before = Instant.now().getEpochSecond();
        String ok = PackageSession.replyText(new InjectResult(InjectResult.Outcome.OK, 0, "", 7, 42));
        long time = Long.parseLong(ok.split(" ")[1]);
        assertEquals("Kok " + time + " qp 42", ok);
        assertEquals(true, time >= before && time <= Instant.now().getEpochSecond());
        assertEquals("Zqq write error or disk full (#4.3.0)", PackageSession.replyText(
                new InjectResult(InjectResult.Outcome.TEMPORARY, 53, "qq write error or disk full (#4.3.0)", 0, 0)));
        assertEquals("Denvelope address too long for qq (#5.1.3)", PackageSession.replyText(
                new InjectResult(InjectResult.Outcome.PERMANENT, 11, "envelope address too long for qq (#5.1.3)", 0, 0)));
    }
}
