package org.tessera.common.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The first line of a sendmail -bs connection: what the tool writes, the server reads back. */
class SendmailBsLineTest {

    @Test
    void readsTheVariablesItKnowsAndDecodesTheirValues() {
        Optional<Map<String, String>> environment = SendmailBsLine.read("TESSERA-SENDMAIL-BS RELAYCLIENT= DATABYTES=0"
                + " TCPREMOTEINFO=j%c3%b6e%20x PATH=/bin\r\n");
        assertEquals(Optional.of(Map.of("RELAYCLIENT", "", "DATABYTES", "0", "TCPREMOTEINFO", "j\u00f6e x")),
                environment);
        assertEquals(Optional.of(Map.of()), SendmailBsLine.read("TESSERA-SENDMAIL-BS\n"));
    }

    @Test
    void refusesAnythingElse() {
        for (String line : new String[] {"HELO x\r\n", "TESSERA-SENDMAIL-BS RELAYCLIENT=\r",
            "TESSERA-SENDMAIL-BS X\r\n",
            "TESSERA-SENDMAIL-BS A=%zz\r\n", "TESSERA-SENDMAIL-BS A=%4\r\n", "TESSERA-SENDMAIL-BS  A=b\r\n",
            "TESSERA-SENDMAIL-BS A=\u00e9\r\n", "tessera-sendmail-bs\r\n"}) {
            assertTrue(SendmailBsLine.read(line).isEmpty(), line);
        }
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("RELAYCLIENT", "");
        variables.put("TCPREMOTEINFO", "j\u00f6e %x\ty");
        variables.put("TCPREMOTEIP", "127.0.0.1");
        String line = SendmailBsLine.write(variables);
        assertEquals("TESSERA-SENDMAIL-BS RELAYCLIENT= TCPREMOTEINFO=j%c3%b6e%20%25x%09y TCPREMOTEIP=127.0.0.1\r\n",
                line);
        assertEquals(Optional.of(variables), SendmailBsLine.read(line));
    }
}
