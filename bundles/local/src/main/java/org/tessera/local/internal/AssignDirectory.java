package org.tessera.local.internal;

import java.io.IOException;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.users.MailUser;
import org.tessera.api.users.UserDirectory;

/**
 * qmail-users: the assignments of {@code $TESSERA_HOME/users/cdb}, built by qmail-newu. Asked first;
 * a missing file answers nothing, a file that cannot be read defers the delivery. A rebuilt file
 * is used from the next lookup on.
 */
@Component(service = UserDirectory.class)
@Ranking(UserDirectory.ASSIGN_RANKING)
public final class AssignDirectory implements UserDirectory {

    @Reference
    ControlFiles control;

    @Reference
    CdbFiles cdbFiles;

    private UsersCdb users;

    @Activate
    void activate() {
        users = new UsersCdb(HomePaths.usersCdb(control), cdbFiles);
    }

    @Deactivate
    void deactivate() {
        users.close();
    }

    @Override
    public Optional<MailUser> find(MailAddress recipient) throws IOException {
        return users.find(recipient.local());
    }
}
