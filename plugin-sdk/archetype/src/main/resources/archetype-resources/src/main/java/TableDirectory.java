package ${package};

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.users.MailUser;
import org.tessera.api.users.UserDirectory;

/**
 * A user directory from a table in its configuration: each entry {@code address:user:uid:gid:home} makes
 * mail for {@code address} that user's, carried out by {@code home/.qmail}; {@code local-EXT@domain} of a
 * listed {@code local@domain} is the same user with extension {@code EXT} ({@code home/.qmail-EXT}), as
 * qmail-users' {@code +} entries do. Ranked above {@code users/cdb}, so the table wins; an address it does not
 * list goes on to the next directory.
 *
 * <p>The table is read once per configuration: a changed configuration makes Declarative Services start a
 * new instance, so lookups need no lock. A directory that must ask a server (LDAP, SQL) throws
 * {@code IOException} when it cannot answer: the delivery is then deferred, never given to the alias user.
 */
@Component(service = UserDirectory.class, configurationPid = TableDirectory.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Ranking(UserDirectory.ASSIGN_RANKING + 10)
@Designate(ocd = TableDirectoryConfiguration.class)
public final class TableDirectory implements UserDirectory {

    /** The configuration's PID: {@code etc/PID.cfg} in Tessera's home. */
    static final String PID = "${package}.directory";

    private Map<String, MailUser> users;

    @Activate
    void activate(TableDirectoryConfiguration config) {
        Map<String, MailUser> table = new HashMap<>();
        for (String entry : config.users()) {
            String[] fields = entry.split(":", -1);
            if (fields.length != 5 || fields[0].indexOf('@') < 1 || !fields[4].startsWith("/")) {
                throw new IllegalArgumentException("not address:user:uid:gid:/home: " + entry);
            }
            MailUser user = new MailUser(fields[1], Long.parseLong(fields[2]), Long.parseLong(fields[3]), fields[4], "", "");
            table.put(fields[0].toLowerCase(Locale.ROOT), user);
        }
        users = Map.copyOf(table);
    }

    @Override
    public Optional<MailUser> find(MailAddress recipient) {
        String local = recipient.local();
        String domain = "@" + recipient.domain().toLowerCase(Locale.ROOT);
        MailUser exact = users.get(local.toLowerCase(Locale.ROOT) + domain);
        if (exact != null) {
            return Optional.of(exact);
        }
        // qmail's extensions: the longest listed prefix before a dash owns the rest.
        for (int dash = local.lastIndexOf('-'); dash > 0; dash = local.lastIndexOf('-', dash - 1)) {
            MailUser owner = users.get(local.substring(0, dash).toLowerCase(Locale.ROOT) + domain);
            if (owner != null) {
                return Optional.of(new MailUser(owner.user(), owner.uid(), owner.gid(), owner.home(), "-",
                        local.substring(dash + 1)));
            }
        }
        return Optional.empty();
    }
}
