package org.tessera.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.api.control.ControlFileException;
import org.tessera.api.control.ControlFiles;

/**
 * {@code qmail:showctl}: qmail-showctl for the running server: every control file qmail-showctl
 * knows, and the ones Tessera adds, with the value the server uses and whether it comes from the file
 * or is the default ({@code (Default.)}), in qmail-showctl's words; then the files of {@code control/}
 * that nothing reads. Where Tessera's default differs from qmail's, Tessera's is shown.
 */
@Service
@Command(scope = "qmail", name = "showctl",
        description = "Shows every control file with the value the server uses and where it comes from (qmail-showctl).")
public final class ShowctlCommand implements Action {

    // Files this command explains, besides the tcprules files of the listeners (tcp.NAME and tcp.NAME.cdb).
    private static final Set<String> KNOWN = Set.of("badmailfrom", "bouncefrom", "bouncehost", "concurrencyincoming",
            "concurrencylocal", "concurrencyremote", "databytes", "defaultdelivery", "defaultdomain", "defaulthost",
            "doublebouncehost", "doublebounceto", "envnoathost", "helohost", "idhost", "localiphost", "locals", "me",
            "morercpthosts", "morercpthosts.cdb", "percenthack", "plusdomain", "qmqpservers", "queuelifetime",
            "rcpthosts", "smtpgreeting", "smtproutes", "timeoutconnect", "timeoutremote", "timeoutsmtpd",
            "virtualdomains");

    @Reference
    ControlFiles control;

    @Reference
    Session session;

    private PrintStream out;

    @Override
    public Object execute() throws IOException {
        out = session.getConsole();
        out.println("Tessera home directory: " + control.home() + ".");
        list("badmailfrom", "Any MAIL FROM is allowed.", "", " not accepted in MAIL FROM.");
        value("bouncefrom", control::bounceFrom, "Bounce user name is ");
        value("bouncehost", control::bounceHost, "Bounce host name is ");
        number("concurrencyincoming", control::concurrencyIncoming, "Concurrent sessions per listener (tcpserver -c): ", "");
        number("concurrencylocal", control::concurrencyLocal, "Local concurrency is ", "");
        number("concurrencyremote", control::concurrencyRemote, "Remote concurrency is ", "");
        number("databytes", control::databytes, "SMTP DATA limit is ", " bytes");
        value("defaultdelivery", () -> control.defaultDelivery().replace('\n', ' '), "Delivery without a .qmail file: ");
        value("defaultdomain", control::defaultDomain, "Default domain name is ");
        value("defaulthost", control::defaultHost, "Default host name is ");
        value("doublebouncehost", control::doubleBounceHost, "2B recipient host: ");
        value("doublebounceto", control::doubleBounceTo, "2B recipient user: ");
        value("envnoathost", control::envNoAtHost, "Presumed domain name is ");
        value("helohost", () -> control.heloHost().orElse("undefined"), "SMTP client HELO host name is ");
        value("idhost", control::idHost, "Message-ID host name is ");
        value("localiphost", () -> control.localIpHost().orElse("unchanged (no me)"), "Local IP address becomes ");
        list("locals", "Messages for me are delivered locally.", "Messages for ", " are delivered locally.");
        value("me", () -> control.me().orElse("undefined! Uh-oh"), "My name is ");
        list("percenthack", "The percent hack is not allowed.", "The percent hack is allowed for user%host@", ".");
        value("plusdomain", control::plusDomain, "Plus domain name is ");
        list("qmqpservers", "QMQP server: 127.0.0.1 (the local server, for bin/ tools).", "QMQP server: ", ".");
        number("queuelifetime", control::queueLifetime, "Message lifetime in the queue is ", " seconds");
        // Tessera's departure from qmail: without rcpthosts there is no open relay.
        if (list("rcpthosts", "SMTP clients may send messages to recipients at locals and virtualdomains only"
                + " (without rcpthosts Tessera is no open relay).", "SMTP clients may send messages to recipients at ", ".")) {
            list("morercpthosts", "No effect.", "SMTP clients may send messages to recipients at ", ".");
        } else {
            list("morercpthosts", "No rcpthosts; morercpthosts is irrelevant.",
                    "No rcpthosts; doesn't matter that morercpthosts has ", ".");
        }
        morercpthostsCdb();
        value("smtpgreeting", () -> control.smtpGreeting().orElse("undefined"), "SMTP greeting: 220 ");
        list("smtproutes", "No artificial SMTP routes.", "SMTP route: ", "");
        number("timeoutconnect", control::timeoutConnect, "SMTP client connection timeout is ", " seconds");
        number("timeoutremote", control::timeoutRemote, "SMTP client data timeout is ", " seconds");
        number("timeoutsmtpd", control::timeoutSmtpd, "SMTP server data timeout is ", " seconds");
        list("virtualdomains", "No virtual domains.", "Virtual domain: ", "");
        others();
        return null;
    }

    private void value(String name, Supplier<String> effective, String prefix) {
        out.print("\n" + name + ": ");
        try {
            boolean fromFile = control.line(name).isPresent();
            out.println((fromFile ? "" : "(Default.) ") + prefix + printable(effective.get()) + ".");
        } catch (ControlFileException e) {
            out.println("Oops! Trouble reading this file.");
        }
    }

    private void number(String name, Supplier<Number> effective, String prefix, String suffix) {
        out.print("\n" + name + ": ");
        try {
            boolean fromFile = control.number(name).isPresent();
            out.println((fromFile ? "" : "(Default.) ") + prefix + effective.get() + suffix + ".");
        } catch (ControlFileException e) {
            out.println("Oops! Trouble reading this file.");
        }
    }

    /** qmail-showctl's do_lst: whether the file exists. */
    private boolean list(String name, String byDefault, String prefix, String suffix) {
        out.print("\n" + name + ": ");
        try {
            Optional<List<String>> entries = control.list(name);
            if (entries.isEmpty()) {
                out.println("(Default.) " + byDefault);
                return false;
            }
            out.println();
            entries.get().forEach(entry -> out.println(prefix + printable(entry) + suffix));
            return true;
        } catch (ControlFileException e) {
            out.println("Oops! Trouble reading this file.");
            return false;
        }
    }

    private void morercpthostsCdb() {
        Path text = control.directory().resolve("morercpthosts");
        Path cdb = control.directory().resolve("morercpthosts.cdb");
        out.print("\nmorercpthosts.cdb: ");
        try {
            if (!Files.exists(text)) {
                out.println(Files.exists(cdb) ? "Oops! morercpthosts.cdb exists but morercpthosts doesn't."
                        : "(Default.) No effect.");
            } else if (!Files.exists(cdb)) {
                out.println("Oops! morercpthosts exists but morercpthosts.cdb doesn't.");
            } else if (Files.getLastModifiedTime(text).compareTo(Files.getLastModifiedTime(cdb)) > 0) {
                out.println("Oops! morercpthosts.cdb is older than morercpthosts.");
            } else {
                out.println("Modified recently enough; hopefully up to date.");
            }
        } catch (IOException e) {
            out.println("Oops! Trouble reading this file.");
        }
    }

    private void others() throws IOException {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(control.directory())) {
            files.forEach(file -> names.add(file.getFileName().toString()));
        }
        for (String name : names) {
            if (KNOWN.contains(name)) {
                continue;
            }
            if (name.startsWith("tcp.")) {
                String listener = name.substring(4).replaceFirst("\\.cdb$", "");
                out.println("\n" + name + ": Connection rules of the listener " + listener
                        + (name.endsWith(".cdb") ? " (compiled; qmail:cdb rebuilds it)." : " (qmail:cdb compiles it)."));
            } else {
                out.println("\n" + name + ": I have no idea what this file does.");
            }
        }
    }

    // As qmail-showctl's safeput: nothing unprintable reaches the terminal.
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(c < 32 || c > 126 ? '?' : (char) c));
        return out.toString();
    }
}
