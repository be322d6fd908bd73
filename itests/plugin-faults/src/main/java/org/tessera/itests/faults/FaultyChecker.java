package org.tessera.itests.faults;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.api.plugin.Ranking;

/**
 * Misbehaves for a login {@code checker-FAULT}; rejects any other, which passes it to the next checker. After a
 * stop it accepts the login, as a checker that knows nothing of its stop might: Tessera must not take that.
 */
@Component(service = PasswordChecker.class)
@Ranking(1000)
public final class FaultyChecker implements PasswordChecker {

    private static final String PREFIX = "checker-";

    private final Misbehaviour misbehaviour = new Misbehaviour("FaultyChecker");

    @Override
    public AuthResult check(String login, byte[] password, String timestamp) {
        if (!login.startsWith(PREFIX)) {
            return AuthResult.REJECTED;
        }
        boolean stopped = misbehaviour.act(login.substring(PREFIX.length()));
        return stopped ? new AuthResult(AuthResult.Outcome.ACCEPTED, login, 65534, 65534, "/nonexistent") : AuthResult.REJECTED;
    }

    @Deactivate
    void deactivate() {
        misbehaviour.deactivated();
    }
}
