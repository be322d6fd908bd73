package ${package};

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The table directory's settings ({@code etc/PID.cfg}). */
@ObjectClassDefinition(name = "Table user directory", description = "Local users listed in the configuration")
public @interface TableDirectoryConfiguration {

    @AttributeDefinition(description = "Entries address:user:uid:gid:home, e.g. sales@example.com:sales:1001:1001:/home/sales")
    String[] users();
}
