package org.tessera.smtp.internal;

import java.util.Locale;

import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.MailAddress;

/**
 * Which envelope senders an authenticated client may use (Postfix's
 * {@code reject_authenticated_sender_login_mismatch}), from the listener's {@code senderLogin}:
 * <ul>
 * <li>{@code any}: every sender, as qmail-smtpd-auth allowed;</li>
 * <li>{@code own-domain}: a login {@code user@domain} sends from that domain; a login without a domain
 * (a system or users/assign user) from any domain delivered here (locals, virtualdomains);</li>
 * <li>{@code own-addresses}: a login {@code user@domain} sends as that address or its qmail extensions
 * ({@code user-ext@domain}); a login {@code user} as {@code user} or {@code user-ext} at a domain in
 * locals, or at a virtual domain as an address that virtualdomains gives to that user (qmail-send
 * rewrites it to {@code prepend-local}: {@code domain:user} gives every address of the domain to
 * {@code user}).</li>
 * </ul>
 * The null sender {@code <>} (a bounce the client sends) is always allowed.
 */
enum SenderLogin {
    ANY, OWN_DOMAIN, OWN_ADDRESSES;

    static final Reply NOT_OWNED = Reply.of("553 5.7.1 sender address not owned by the authenticated user")
            .because("sender_login");

    /** The configured value: {@code any}, {@code own-domain} or {@code own-addresses}. */
    static SenderLogin of(String configured) {
        return valueOf(configured.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Whether the client that logged in as {@code login} may use {@code sender}. */
    boolean allows(ControlFiles control, String login, MailAddress sender) {
        if (this == ANY || sender.equals(MailAddress.NULL_SENDER)) {
            return true;
        }
        String domain = sender.domain().toLowerCase(Locale.ROOT);
        int at = login.lastIndexOf('@');
        if (at >= 0) {
            String loginDomain = login.substring(at + 1).toLowerCase(Locale.ROOT);
            if (!domain.equals(loginDomain)) {
                return false;
            }
            return this == OWN_DOMAIN || isUserOrExtension(sender.local(), login.substring(0, at));
        }
        if (this == OWN_DOMAIN) {
            return control.isLocal(domain) || control.virtualDomain(sender.text()).filter(v -> !v.isException()).isPresent();
        }
        if (control.isLocal(domain)) {
            return isUserOrExtension(sender.local(), login);
        }
        return control.virtualDomain(sender.text()).filter(v -> !v.isException())
                .map(v -> isUserOrExtension(v.prepend() + "-" + sender.local(), login))
                .orElse(false);
    }

    private static boolean isUserOrExtension(String local, String user) {
        return local.equalsIgnoreCase(user)
                || local.length() > user.length() + 1 && local.regionMatches(true, 0, user + "-", 0, user.length() + 1);
    }
}
