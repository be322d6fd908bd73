package org.tessera.local.internal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.users.MailUser;
import org.tessera.api.users.UserDirectory;
import org.tessera.common.users.PasswdEntry;

/**
 * The alias user, qmail-getpw's last answer: home {@code $TESSERA_HOME/alias}, dash {@code -},
 * extension the whole local part, so {@code postmaster@} is {@code alias/.qmail-postmaster}. Its
 * uid and gid are those of the owner of {@code alias/}. Without that directory there is no alias
 * user (qmail-lspawn's {@code Unable to find alias user!}).
 */
@Component(service = UserDirectory.class)
@Ranking(UserDirectory.ALIAS_RANKING)
public final class AliasDirectory implements UserDirectory {

    /** The account name qmail's {@code auto_usera} gives the alias user. */
    static final String ALIAS = PasswdEntry.ALIAS_USER;

    @Reference
    ControlFiles control;

    private Path alias;

    @Activate
    void activate() {
        alias = HomePaths.alias(control);
    }

    @Override
    public Optional<MailUser> find(MailAddress recipient) throws IOException {
        return find(alias, recipient.local());
    }

    static Optional<MailUser> find(Path alias, String local) throws IOException {
        try {
            return Optional.of(new MailUser(ALIAS, ServerIdentity.owner(alias), ServerIdentity.group(alias),
                    alias.toString(), "-", local));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException(PasswdLookup.NFS_FAILURE, e);
        }
    }
}
