package org.tessera.local.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.users.MailUser;
import org.tessera.api.users.UserDirectory;

/**
 * qmail-getpw: the system accounts of {@code /etc/passwd} by qmail-getpw's rules. Answers only
 * while the server runs as root: a server running as one user cannot deliver as
 * others, so then every address falls through to the alias user.
 */
@Component(service = UserDirectory.class)
@Ranking(UserDirectory.PASSWD_RANKING)
public final class PasswdDirectory implements UserDirectory {

    static final Path PASSWD = Path.of("/etc/passwd");

    private PasswdLookup lookup;
    private boolean root;

    @Activate
    void activate() {
        lookup = new PasswdLookup(PASSWD);
        root = ServerIdentity.isRoot();
    }

    @Override
    public Optional<MailUser> find(MailAddress recipient) throws IOException {
        return root ? lookup.find(recipient.local()) : Optional.empty();
    }
}
