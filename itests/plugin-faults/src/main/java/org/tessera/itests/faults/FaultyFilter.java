package org.tessera.itests.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.tessera.api.filter.FilterResult;
import org.tessera.api.filter.MessageFilter;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.policy.MailTransaction;

/** Misbehaves for a message whose Subject is {@code filter-FAULT}; accepts any other unchanged. */
@Component(service = MessageFilter.class)
public final class FaultyFilter implements MessageFilter {

    private static final String PREFIX = "Subject: filter-";

    private final Misbehaviour misbehaviour = new Misbehaviour("FaultyFilter");

    @Override
    public FilterResult filter(MailTransaction transaction, MessageContent content) throws IOException {
        String fault = "";
        try (BufferedReader header = new BufferedReader(new InputStreamReader(content.open(), StandardCharsets.UTF_8))) {
            for (String line = header.readLine(); line != null && !line.isEmpty(); line = header.readLine()) {
                if (line.startsWith(PREFIX)) {
                    fault = line.substring(PREFIX.length()).trim();
                }
            }
        }
        misbehaviour.act(fault);
        return new FilterResult(FilterResult.Outcome.ACCEPT, 0, "", List.of("X-Faulty-Filter: passed"));
    }

    @Deactivate
    void deactivate() {
        misbehaviour.deactivated();
    }
}
