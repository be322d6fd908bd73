package ${package};

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The header filter's settings ({@code etc/PID.cfg}); it runs with the defaults without one. */
@ObjectClassDefinition(name = "Required header fields", description = "Refuses messages lacking header fields")
public @interface RequiredHeaderFilterConfiguration {

    @AttributeDefinition(description = "The header fields every message must have")
    String[] required() default {"From", "Date"};
}
