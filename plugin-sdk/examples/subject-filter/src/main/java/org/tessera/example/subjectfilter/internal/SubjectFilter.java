package org.tessera.example.subjectfilter.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.filter.FilterResult;
import org.tessera.api.filter.MessageFilter;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.policy.MailTransaction;

/**
 * A {@link MessageFilter} that acts on a message whose {@code Subject:} matches a regular
 * expression: refuses it permanently ({@value #REJECT_CODE}) or for now ({@value #DEFER_CODE}),
 * with a configured reply text, or accepts it with a configured header field added (tagging it
 * for the user's own rules instead of refusing it). Every other message is accepted unchanged.
 *
 * <p>Each factory configuration of {@value #PID} is one rule and one {@code MessageFilter}
 * service; without a configuration there is no service. The filter reads the header only, at
 * most {@value #MAX_HEADER_BYTES} bytes of it, so a large message costs no more than a small
 * one; see {@link HeaderFields} for how the field is found and unfolded.
 */
// Immediate, so that a rule is checked when it is configured, not when a listener first asks for it:
// a bad pattern then shows as FAILED in qmail:stat at once.
@Component(service = MessageFilter.class, configurationPid = SubjectFilter.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = SubjectFilterConfiguration.class, factory = true)
public final class SubjectFilter implements MessageFilter {

    // No '-' in the PID: Felix fileinstall (etc/*.cfg) and Karaf read the factory PID of a file
    // name up to its first '-', so "subject-filter-spam.cfg" would configure a PID "subject".
    /** The factory PID of the rules. */
    static final String PID = "org.tessera.example.subjectfilter";

    // Enough for any real header (qmail's Received lines included); a bigger one is judged on the
    // fields that fit, since refusing mail for a long header is not this rule's job.
    /** The most bytes read from a message. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Reply code of {@code action = reject}. */
    static final int REJECT_CODE = 554;

    /** Reply code of {@code action = defer}. */
    static final int DEFER_CODE = 451;

    // The enhanced status code's class matches the reply code's (RFC 3463), hence one text per action.
    /** Reply text of a rejection when none is configured. */
    static final String REJECT_TEXT = "sorry, your message was refused by a content rule (#5.7.1)";

    /** Reply text of a deferral when none is configured. */
    static final String DEFER_TEXT = "sorry, your message was deferred by a content rule, try again later (#4.7.1)";

    private static final String FIELD = "subject";

    // Set once: a changed configuration makes SCR deactivate this instance and activate a new one
    // (there is no @Modified), so neither changes while the service is in use.
    private Pattern pattern;
    private FilterResult refusal;

    // Everything is checked here, so a bad rule fails activation instead of throwing, and so
    // deferring, on every message.
    @Activate
    void activate(SubjectFilterConfiguration config) {
        if (config.pattern().isEmpty()) {
            throw new IllegalArgumentException("pattern is empty: it would match every message");
        }
        Pattern compiled = Pattern.compile(config.pattern());
        String text = config.text();
        FilterResult result = switch (config.action().toLowerCase(Locale.ROOT)) {
            case "reject" -> new FilterResult(FilterResult.Outcome.REJECT, REJECT_CODE,
                    text.isEmpty() ? REJECT_TEXT : text, List.of());
            case "defer" -> new FilterResult(FilterResult.Outcome.DEFER, DEFER_CODE,
                    text.isEmpty() ? DEFER_TEXT : text, List.of());
            case "tag" -> {
                if (config.header().isEmpty()) {
                    throw new IllegalArgumentException("action tag needs a header field to add");
                }
                yield new FilterResult(FilterResult.Outcome.ACCEPT, 0, "", List.of(config.header()));
            }
            default -> throw new IllegalArgumentException("action must be reject, defer or tag: " + config.action());
        };
        pattern = compiled;
        refusal = result;
    }

    @Override
    public FilterResult filter(MailTransaction transaction, MessageContent content) throws IOException {
        List<String> subjects;
        try (InputStream in = content.open()) {
            subjects = HeaderFields.values(in, FIELD, MAX_HEADER_BYTES);
        }
        // Every Subject field counts: a second one must not hide the first from the rule.
        for (String subject : subjects) {
            if (pattern.matcher(subject).find()) {
                return refusal;
            }
        }
        return FilterResult.ACCEPT;
    }
}
