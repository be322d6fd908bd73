package org.tessera.checkpassword.file.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tessera.common.passwd.PasswordFilePath;

/** Configuration of {@link PasswordFileChecker}: which file, and where in the checker chain. */
@ObjectClassDefinition(
        id = PasswordFileChecker.PID,
        name = "Tessera password file",
        description = "Checks logins against a password file in Dovecot's passwd-file format"
                + " (SHA512-CRYPT, SHA256-CRYPT, MD5-CRYPT, BLF-CRYPT, ARGON2ID, SSHA, SHA, SSHA256, SHA256, SSHA512, SHA512, PLAIN), re-read when it changes.")
@interface PasswordFileCheckerConfiguration {

    @AttributeDefinition(
            name = "File",
            description = "The password file; a relative name is taken in the etc directory. Empty: "
                    + PasswordFilePath.NAME + " in karaf.etc, else in the etc directory of tessera.home.")
    String file() default "";

    @AttributeDefinition(
            name = "Ranking",
            description = "Where this checker stands among the PasswordChecker services: the highest is asked"
                    + " first, and a rejection passes the login on to the next.")
    int service_ranking() default PasswordFileChecker.DEFAULT_RANKING;
}
