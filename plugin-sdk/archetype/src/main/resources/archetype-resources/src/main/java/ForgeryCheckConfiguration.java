package ${package};

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The forgery check's settings ({@code etc/PID.cfg}). */
@ObjectClassDefinition(name = "Forgery check", description = "Refuses HELO names and senders that pretend to be this server's")
public @interface ForgeryCheckConfiguration {

    @AttributeDefinition(description = "This server's own host names (control/me and its aliases)")
    String[] ownNames();

    @AttributeDefinition(description = "Domains whose senders must authenticate")
    String[] protectedDomains() default {};
}
