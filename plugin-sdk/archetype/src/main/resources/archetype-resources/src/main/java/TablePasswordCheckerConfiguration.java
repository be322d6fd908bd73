package ${package};

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The table password checker's settings ({@code etc/PID.cfg}). */
@ObjectClassDefinition(name = "Table password checker", description = "Logins listed in the configuration, PBKDF2 hashes")
public @interface TablePasswordCheckerConfiguration {

    @AttributeDefinition(description = "Entries login:pbkdf2-sha256:iterations:salt:hash:uid:gid:home (salt and hash in base64)")
    String[] accounts();
}
