package org.tessera.control.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link ControlFilesService}. */
@ObjectClassDefinition(
        id = ControlFilesService.PID,
        name = "Tessera home and control files",
        description = "Where the home (qmail's /var/qmail) is, and whether its missing parts are created.")
@interface ControlFilesServiceConfiguration {

    @AttributeDefinition(
            name = "Home",
            description = "The home directory. Empty: the system property tessera.home, else the environment"
                    + " variable TESSERA_HOME, else ./var/tessera.")
    String home() default "";

    @AttributeDefinition(
            name = "Create missing parts",
            description = "Create control/me, locals, rcpthosts, the alias files and the other directories"
                    + " when they are missing. Existing files are never changed.")
    boolean createHome() default true;
}
