package org.tessera.maillog.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link MailLogService}: multilog's {@code s} and {@code n} for {@code log/}. */
@ObjectClassDefinition(
        id = MailLogService.PID,
        name = "Tessera mail log",
        description = "log/current in the home, TAI64N-labelled and rotated as multilog t s99999 n10 does.")
@interface MailLogServiceConfiguration {

    @AttributeDefinition(
            name = "Home",
            description = "The home directory. Empty: the system property tessera.home, else the environment"
                    + " variable TESSERA_HOME, else ./var/tessera. The log is its log/ directory.")
    String home() default "";

    @AttributeDefinition(
            name = "Size",
            description = "Bytes after which current is rotated (multilog s; 4096 to 16777215).")
    long size() default MultilogWriter.DEFAULT_SIZE;

    @AttributeDefinition(
            name = "Number of files",
            description = "Log files kept, current included (multilog n; at least 2): after a rotation the"
                    + " oldest @....s files are removed until fewer than this many remain.")
    int num() default MultilogWriter.DEFAULT_NUM;
}
