package org.tessera.example.subjectfilter.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of {@link SubjectFilter}: one rule. */
@ObjectClassDefinition(
        id = SubjectFilter.PID,
        name = "Tessera example: subject filter rule",
        description = "Refuses a message whose Subject matches a regular expression. Each factory"
                + " configuration is one rule and one MessageFilter service.")
@interface SubjectFilterConfiguration {

    @AttributeDefinition(
            name = "Pattern",
            description = "Java regular expression, searched for (not matched whole) in the value of every"
                    + " Subject: field of the header: unfolded, blanks around it removed, bytes read as UTF-8,"
                    + " not MIME-decoded (an encoded word =?utf-8?...?= is matched as written)."
                    + " (?i) makes it case-insensitive; ^ and $ anchor it. Must not be empty.")
    String pattern() default "";

    @AttributeDefinition(
            name = "Action",
            description = "What a match does: reject (554, the sender is told for good), defer"
                    + " (451, the sender retries later) or tag (accepted, with the header field below added).",
            options = {
                @Option(label = "reject (554)", value = "reject"),
                @Option(label = "defer (451)", value = "defer"),
                @Option(label = "tag (add a header field)", value = "tag")
            })
    String action() default "reject";

    @AttributeDefinition(
            name = "Reply text",
            description = "The text after the reply code, one line. Empty: \"sorry, your message was refused"
                    + " by a content rule (#5.7.1)\" for reject, \"sorry, your message was deferred by a"
                    + " content rule, try again later (#4.7.1)\" for defer.")
    String text() default "";

    @AttributeDefinition(
            name = "Header field",
            description = "For action tag: the whole field to add, name and value, e.g. \"X-Subject-Rule: pills\";"
                    + " Tessera puts it at the top of the message.")
    String header() default "";

    @AttributeDefinition(
            name = "Ranking",
            description = "service.ranking of this rule: filters are asked highest first and the first"
                    + " refusal ends the chain. Must be an Integer: the framework takes a String value as 0.")
    int service_ranking() default 0;
}
