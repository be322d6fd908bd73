package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.common.pw2u.Pw2u;

/** qmail-pw2u: every option and every users/ file, in process and as bin/qmail-pw2u. */
class Pw2uTest {

    @TempDir
    Path dir;

    Path home;
    Path users;
    long uid;
    String joeHome;
    String aliasHome;
    String passwd;

    record Run(int exit, String output, String errors) {
    }

    @BeforeEach
    void setUp() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        users = Files.createDirectories(home.resolve("users"));
        uid = Homes4Test.home(dir.resolve("joe"));
        Homes4Test.home(dir.resolve("alias"));
        joeHome = dir.resolve("joe").toString();
        aliasHome = dir.resolve("alias").toString();
        passwd = "root:x:0:0::/root:/bin/sh\n"
                + "alias:*:" + uid + ":7::" + aliasHome + ":/bin/false\n"
                + "joe:*:" + uid + ":100:Joe:" + joeHome + ":/bin/sh\n"
                + "Jim:*:" + uid + ":100::" + joeHome + ":/bin/sh\n"
                + "nohome:*:" + uid + ":100::" + dir.resolve("missing") + ":/bin/sh\n"
                + "foreign:*:" + (uid + 1) + ":100::" + joeHome + ":/bin/sh\n"
                + "few:*:" + uid + ":100:" + joeHome + "\n";
    }

    private Run run(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Pw2u.run(List.of(args), home, new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)),
                out, new PrintStream(err, true, StandardCharsets.ISO_8859_1));
        return new Run(exit, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1));
    }

    private String alias(String dash) {
        return "+:alias:" + uid + ":7:" + aliasHome + ":" + dash + "::\n";
    }

    private String joe(String name, String wild, String dash) {
        String line = "=" + name + ":joe:" + uid + ":100:" + joeHome + ":::\n";
        return wild == null ? line : line + "+" + name + wild + ":joe:" + uid + ":100:" + joeHome + ":" + dash + "::\n";
    }

    private String aliasNames(String wild, String dash) {
        String line = "=alias:alias:" + uid + ":7:" + aliasHome + ":::\n";
        return wild == null ? line : line + "+alias" + wild + ":alias:" + uid + ":7:" + aliasHome + ":" + dash + "::\n";
    }

    @Test
    void byDefaultSkipsRootUpperCaseMissingAndForeignHomesAndShortLines() {
        assertEquals(new Run(0, alias("-") + aliasNames("-", "-") + joe("joe", "-", "-") + ".\n", ""), run(passwd));
        assertEquals(new Run(0, alias("-") + aliasNames("-", "-") + joe("joe", "-", "-") + ".\n", ""), run(passwd, "-o"));
    }

    @Test
    void optionsForCaseHomesAndDashes() {
        String jim = "=Jim:Jim:" + uid + ":100:" + joeHome + ":::\n+Jim-:Jim:" + uid + ":100:" + joeHome + ":-::\n";
        assertEquals(alias("-") + aliasNames("-", "-") + joe("joe", "-", "-") + jim + ".\n", run(passwd, "-u").output());
        assertEquals(alias("-") + aliasNames("-", "-") + joe("joe", "-", "-") + ".\n", run(passwd, "-uU").output());
        String noCheck = run(passwd, "-H").output();
        assertEquals(true, noCheck.contains("=nohome:nohome:") && noCheck.contains("=foreign:foreign:"));
        assertEquals(new Run(111, "", "qmail-pw2u: fatal: unable to stat " + dir.resolve("missing") + "\n"),
                run(passwd, "-h"));
        assertEquals(alias("-/") + aliasNames("-", "-/") + joe("joe", "-", "-/") + ".\n", run(passwd, "-/").output());
        assertEquals(alias("-") + aliasNames(null, null) + joe("joe", null, null) + ".\n", run(passwd, "-C").output());
        assertEquals(alias("-") + aliasNames(".", "-") + joe("joe", ".", "-") + ".\n", run(passwd, "-c", ".").output());
        assertEquals(alias("-") + aliasNames("+", "-") + joe("joe", "+", "-") + ".\n", run(passwd, "-c+x").output());
        assertEquals(new Run(100, "", "qmail-pw2u: illegal option -- x\n"), run(passwd, "-x"));
        assertEquals(new Run(100, "", "qmail-pw2u: option requires an argument -- c\n"), run(passwd, "-c"));
    }

    @Test
    void includeExcludeAndMailnames() throws IOException {
        Files.writeString(users.resolve("include"), "# who\nALIAS\njoe  \n");
        assertEquals(alias("-") + aliasNames("-", "-") + joe("joe", "-", "-") + ".\n", run(passwd).output());
        Files.writeString(users.resolve("exclude"), "Joe\n");
        assertEquals(alias("-") + aliasNames("-", "-") + ".\n", run(passwd).output());
        Files.delete(users.resolve("exclude"));
        Files.writeString(users.resolve("mailnames"), "joe:old\nalias:\nJOE:Joe.Bloggs::jb\n");
        assertEquals(alias("-") + joe("Joe.Bloggs", "-", "-") + joe("jb", "-", "-") + ".\n", run(passwd).output());
        Files.writeString(users.resolve("include"), "");
        assertEquals(new Run(111, "", "qmail-pw2u: fatal: unable to find alias user\n"), run(passwd));
    }

    @Test
    void subusersThenAppendThenTheDot() throws IOException {
        Files.writeString(users.resolve("subusers"), "sales:JOE:s:\nnoprefix:joe\nbad\n");
        Files.writeString(users.resolve("append"), "=extra:joe:1:2:/x:::\n");
        String sub = "=sales:joe:" + uid + ":100:" + joeHome + ":-:s:\n+sales-:joe:" + uid + ":100:" + joeHome + ":-:s-:\n";
        assertEquals(new Run(0, alias("-") + aliasNames("-", "-") + joe("joe", "-", "-") + sub + "=extra:joe:1:2:/x:::\n.\n",
                ""), run(passwd));
        Files.writeString(users.resolve("subusers"), "sales:nobody:s:\n");
        assertEquals(new Run(111, "", "qmail-pw2u: fatal: unable to find nobody user for subuser\n"), run(passwd));
    }

    @Test
    void withoutAliasItIsFatal() {
        assertEquals(new Run(111, "", "qmail-pw2u: fatal: unable to find alias user\n"),
                run("joe:*:" + uid + ":100::" + joeHome + ":/bin/sh\n"));
        home = dir.resolve("nohome");
        assertEquals(new Run(111, "", "qmail-pw2u: fatal: unable to chdir\n"), run(passwd));
    }
}
