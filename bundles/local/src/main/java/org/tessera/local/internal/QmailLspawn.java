package org.tessera.local.internal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.users.MailUser;
import org.tessera.api.users.UserDirectory;

/**
 * qmail-lspawn for one recipient (qmail-lspawn(8)): the trash address, the user from the first
 * directory that knows the address, the refusal to deliver as root, then {@link QmailLocal}.
 */
final class QmailLspawn {

    private static final Logger LOG = LoggerFactory.getLogger(QmailLspawn.class);

    static final String NO_ALIAS = "Unable to find alias user!\n";
    static final String AS_ROOT = "Not allowed to perform deliveries as root.\n";
    static final String LOOKUP_FAILED = "Temporary failure in qmail-lspawn.\n";

    private final Supplier<List<UserDirectory>> directories;
    private final Function<QmailLocal.Request, DeliveryReport> qmailLocal;
    private final boolean serverIsRoot;

    /**
     * @param directories the directories to ask, in order (highest ranking first)
     * @param qmailLocal runs qmail-local for a user: in this process, or in the user's process when root
     * @param serverIsRoot whether the server runs as uid 0, when a user with uid 0 is refused
     */
    QmailLspawn(Supplier<List<UserDirectory>> directories, Function<QmailLocal.Request, DeliveryReport> qmailLocal,
            boolean serverIsRoot) {
        this.directories = directories;
        this.qmailLocal = qmailLocal;
        this.serverIsRoot = serverIsRoot;
    }

    /** qmail-lspawn's catch-all, followed by a line with what failed, so that the mail log says it. */
    static String lookupFailed(Exception e) {
        String what = e.getClass().getSimpleName();
        return LOOKUP_FAILED + (e.getMessage() == null || e.getMessage().isBlank() ? what : e.getMessage() + " (" + what + ")")
                + "\n";
    }

    DeliveryReport deliver(long messageId, MailAddress sender, MailAddress recipient, MessageContent content,
            String defaultDelivery) {
        if (recipient.local().isEmpty()) {
            return new DeliveryReport(DeliveryReport.Outcome.SUCCESS, "");
        }
        MailUser user;
        try {
            Optional<MailUser> found = find(directories.get(), recipient);
            if (found.isEmpty()) {
                return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, NO_ALIAS);
            }
            user = found.get();
        } catch (IOException e) {
            LOG.warn("user lookup failed for msg {} to {}", messageId, recipient.text(), e);
            String text = e.getMessage() == null || e.getMessage().isBlank() ? lookupFailed(e) : e.getMessage() + "\n";
            return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, ReportText.of(text));
        } catch (RuntimeException e) {
            LOG.warn("a user directory failed for msg {} to {}", messageId, recipient.text(), e);
            return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, ReportText.of(lookupFailed(e)));
        }
        if (serverIsRoot && user.uid() == 0) {
            return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, AS_ROOT);
        }
        return qmailLocal.apply(new QmailLocal.Request(messageId, user, recipient, sender, defaultDelivery, content));
    }

    /** The first answer; an IOException ends the walk, so a failing directory never falls through to the alias user. */
    static Optional<MailUser> find(List<UserDirectory> chain, MailAddress recipient) throws IOException {
        for (UserDirectory directory : chain) {
            Optional<MailUser> user = directory.find(recipient);
            if (user != null && user.isPresent()) {
                return user;
            }
        }
        return Optional.empty();
    }
}
