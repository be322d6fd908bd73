package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;
import org.tessera.api.filter.FilterResult;
import org.tessera.api.policy.MailTransaction;
import org.tessera.testkit.TestMessage;
import org.tessera.testkit.TestTransaction;

class RequiredHeaderFilterTest {

    private static final MailTransaction TRANSACTION = TestTransaction.from("192.0.2.1").helo("client.test")
            .sender("ann@example.org").recipients("joe@example.com").build();

    private static RequiredHeaderFilter filter(Map<String, Object> config) {
        RequiredHeaderFilter filter = new RequiredHeaderFilter();
        filter.activate(Converters.standardConverter().convert(config).to(RequiredHeaderFilterConfiguration.class));
        return filter;
    }

    @Test
    void acceptsAndTagsAMessageWithEveryField() throws Exception {
        FilterResult result = filter(Map.of()).filter(TRANSACTION,
                TestMessage.of("from: ann@example.org\nDate: Mon, 7 Dec 2026 10:00:00 +0000\n\nFrom: not a header\n"));

        assertEquals(new FilterResult(FilterResult.Outcome.ACCEPT, 0, "", List.of("X-Header-Check: passed")), result);
    }

    @Test
    void refusesAMessageLackingAField() throws Exception {
        FilterResult result = filter(Map.of()).filter(TRANSACTION,
                TestMessage.of("From: ann@example.org\nSubject: no date\n\nDate: in the body does not count\n"));

        assertEquals(FilterResult.Outcome.REJECT, result.outcome());
        assertEquals("sorry, a message needs these header fields: date (#5.6.0)", result.text());
    }

    @Test
    void takesTheConfiguredFields() throws Exception {
        FilterResult result = filter(Map.of("required", new String[] {"Message-ID"})).filter(TRANSACTION,
                TestMessage.of("From: ann@example.org\n\n"));

        assertEquals("sorry, a message needs these header fields: message-id (#5.6.0)", result.text());
    }
}
