package org.tessera.access.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.api.policy.ClientInfo;

/** tcpserver's fixed lookup order, as tcprules(1) gives it. */
class LookupKeysTest {

    static ClientInfo client(String listener, String ip, String host, String info) {
        return new ClientInfo(listener, ip, 40000, "127.0.0.1", 25, host, info, "");
    }

    @Test
    void triesEveryFormInOrderWhenHostAndInfoAreKnown() {
        assertEquals(List.of("joe@1.2.3.4", "joe@=a.b.c", "1.2.3.4", "=a.b.c", "1.2.3.", "1.2.", "1.",
                "=.b.c", "=.c", "=", ""), LookupKeys.of(client("smtp", "1.2.3.4", "a.b.c", "joe")));
    }

    @Test
    void leavesOutTheHostFormsWhenTheHostIsUnknown() {
        assertEquals(List.of("joe@1.2.3.4", "1.2.3.4", "1.2.3.", "1.2.", "1.", ""),
                LookupKeys.of(client("smtp", "1.2.3.4", "", "joe")));
    }

    @Test
    void leavesOutTheInfoFormsWhenInfoIsUnknown() {
        assertEquals(List.of("1.2.3.4", "=h.example", "1.2.3.", "1.2.", "1.", "=.example", "="),
                LookupKeys.of(client("smtp", "1.2.3.4", "h.example", "")).subList(0, 7));
    }

    @Test
    void takesNoPrefixesOfAnIpv6Address() {
        assertEquals(List.of("::1", ""), LookupKeys.of(client("smtp", "::1", "", "")));
    }

    @Test
    void triesAHostOfOneLabelOnlyWholeAndAsEquals() {
        assertEquals(List.of("10.0.0.1", "=localhost", "10.0.0.", "10.0.", "10.", "=", ""),
                LookupKeys.of(client("smtp", "10.0.0.1", "localhost", "")));
    }
}
