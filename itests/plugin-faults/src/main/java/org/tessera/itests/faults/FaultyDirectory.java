package org.tessera.itests.faults;

import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.users.MailUser;
import org.tessera.api.users.UserDirectory;

/**
 * Misbehaves for a recipient {@code dir-FAULT@...}; knows no other address. Asked first of all directories, so
 * a failure here must not fall through to the alias user (which takes every address).
 */
@Component(service = UserDirectory.class)
@Ranking(UserDirectory.ASSIGN_RANKING + 1000)
public final class FaultyDirectory implements UserDirectory {

    private static final String PREFIX = "dir-";

    private final Misbehaviour misbehaviour = new Misbehaviour("FaultyDirectory");

    @Override
    public Optional<MailUser> find(MailAddress recipient) {
        String local = recipient.local();
        if (!local.startsWith(PREFIX)) {
            return Optional.empty();
        }
        misbehaviour.act(local.substring(PREFIX.length()));
        return Optional.empty();
    }

    @Deactivate
    void deactivate() {
        misbehaviour.deactivated();
    }
}
