package ${package};

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The journal target's settings ({@code etc/PID.cfg}). */
@ObjectClassDefinition(name = "Journal delivery target", description = "The .qmail line +journal:TAG appends a line per message to a file")
public @interface JournalTargetConfiguration {

    @AttributeDefinition(description = "The journal file, an absolute path; created when missing")
    String file();
}
