package org.tessera.common.listener;

import java.util.Map;
import java.util.function.Consumer;

/** The message size limit of qmail-smtpd and qmail-qmtpd: {@code DATABYTES} of the client's rule, else {@code control/databytes}. */
public final class Databytes {

    private Databytes() {
    }

    /**
     * @param environment the variables of the client's connection rule
     * @param fromControl {@code control/databytes} (0: no limit)
     * @param notANumber told the value of a {@code DATABYTES} that is not a number; the control file's limit holds then
     */
    public static long of(Map<String, String> environment, long fromControl, Consumer<String> notANumber) {
        String fromRule = environment.get("DATABYTES");
        if (fromRule == null) {
            return fromControl;
        }
        try {
            return Long.parseLong(fromRule.strip());
        } catch (NumberFormatException e) {
            notANumber.accept(fromRule);
            return fromControl;
        }
    }
}
