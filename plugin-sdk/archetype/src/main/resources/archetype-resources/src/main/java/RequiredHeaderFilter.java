package ${package};

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.filter.FilterResult;
import org.tessera.api.filter.MessageFilter;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.policy.MailTransaction;

/**
 * Refuses at the end of DATA ({@code 554}) a message whose header lacks a required field: by default
 * {@code From} and {@code Date}, which RFC 5322 requires of every message and which much junk leaves out.
 * Accepted messages get an {@code X-Header-Check: passed} field, to show the filter ran.
 *
 * <p>Reads the header only, at most {@value #MAX_HEADER_BYTES} bytes of it, on the listener's hook threads:
 * a large message costs no more than a small one.
 */
@Component(service = MessageFilter.class, configurationPid = RequiredHeaderFilter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RequiredHeaderFilterConfiguration.class)
public final class RequiredHeaderFilter implements MessageFilter {

    /** The configuration's PID: {@code etc/PID.cfg} in Tessera's home. */
    static final String PID = "${package}.headers";

    static final int MAX_HEADER_BYTES = 64 * 1024;

    private Set<String> required;

    @Activate
    void activate(RequiredHeaderFilterConfiguration config) {
        Set<String> names = new HashSet<>();
        for (String name : config.required()) {
            names.add(name.toLowerCase(Locale.ROOT));
        }
        required = Set.copyOf(names);
    }

    @Override
    public FilterResult filter(MailTransaction transaction, MessageContent content) throws IOException {
        Set<String> missing = new HashSet<>(required);
        try (BufferedReader header = new BufferedReader(new InputStreamReader(content.open(), StandardCharsets.ISO_8859_1))) {
            int read = 0;
            for (String line = header.readLine(); line != null && !line.isEmpty() && read < MAX_HEADER_BYTES;
                    line = header.readLine()) {
                read += line.length() + 1;
                int colon = line.indexOf(':');
                if (colon > 0 && line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                    missing.remove(line.substring(0, colon).trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (!missing.isEmpty()) {
            return new FilterResult(FilterResult.Outcome.REJECT, 554,
                    "sorry, a message needs these header fields: " + String.join(", ", missing.stream().sorted().toList())
                            + " (#5.6.0)", List.of());
        }
        return new FilterResult(FilterResult.Outcome.ACCEPT, 0, "", List.of("X-Header-Check: passed"));
    }
}
