package org.tessera.common.testing;

/** tcprules text for the tests that compare Tessera's compiler and reader with ucspi-tcp's. */
public final class TcpRulesText {

    /** Every form tcprules(1) takes: ranges, quotes, duplicates, comments and the lines it skips. */
    public static final String EVERY_FORM = """
            # a comment:deny
            127.:allow,RELAYCLIENT=""
            10.0.:allow,RELAYCLIENT="",DATABYTES="1000000"
            1.2.3.37-53:deny
            10.2-3.:allow,X=/a"b/
            192.168.0.250-999:allow,TAG=#x#
            joe@1.2.3.4:allow,IDENT="joe"
            joe@=mail.example:deny
            =mail.example:allow,SMTPGREETING="mail.example ready"	\s
            =.example:allow,A="1",A="2"
            =:allow
            no colon is skipped

            1.2.3.40:allow,SHADOWED="the range came first"
            x-y@1.2.3.4:allow
            :allow,FALLBACK=""
            """;

    private TcpRulesText() {
    }
}
