package ${package};

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The blocklist's settings ({@code etc/PID.cfg}). */
@ObjectClassDefinition(name = "Connection blocklist", description = "Clients refused at connect time")
public @interface BlocklistRulesConfiguration {

    @AttributeDefinition(description = "Addresses (192.0.2.7) and prefixes ending in . or : (198.51.100.)")
    String[] blocked();

    @AttributeDefinition(description = "The listeners it applies to, by name (smtp, pop3, submission, ...); none: every listener")
    String[] listeners() default {};
}
