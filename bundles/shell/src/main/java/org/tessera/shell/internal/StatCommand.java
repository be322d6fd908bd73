package org.tessera.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.listener.ListenerState;
import org.tessera.api.listener.ServerCertificate;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:stat}: the state of every Tessera bundle, component and plugin, as qmailctl stat. */
@Service
@Command(scope = "qmail", name = "stat",
        description = "Shows each Tessera bundle and component with its state and the plugins by type; "
                + "fails when a bundle or component is not active.")
public final class StatCommand extends RuntimeAction {

    // Optional: stat must still report the bundles when the queue is what is broken.
    @Reference(optional = true)
    QueueAdmin queue;

    @Reference(optional = true)
    ControlFiles control;

    @Reference(optional = true)
    ServerCertificate certificate;

    @Override
    public Object execute() {
        TesseraRuntime runtime = runtime();
        List<BundleStatus> bundles = runtime.bundles();
        List<ComponentStatus> components = runtime.components();
        PrintStream out = session.getConsole();
        out.println("home: " + (control == null ? "(the control service is not running)" : control.home()));
        printBundles(bundles, out);
        printComponents(components, out);
        printListeners(runtime.listeners(), out);
        out.println(TlsCommand.summary(certificate, Instant.now()));
        List<PluginService> plugins = runtime.plugins();
        printPasswordCheckers(plugins, out);
        printPluginCounts(plugins, out);
        if (queue != null) {
            QueueFormat.summary(queue.status()).forEach(out::println);
            QueueFormat.deferrals(queue.recentDeferrals(), Instant.now()).forEach(out::println);
        }

        long broken = bundles.stream().filter(b -> !b.healthy()).count()
                + components.stream().filter(c -> !c.healthy()).count();
        if (broken > 0) {
            throw new IllegalStateException(broken + " of " + (bundles.size() + components.size())
                    + " Tessera bundles and components are not active");
        }
        out.println("all " + bundles.size() + " bundles and " + components.size() + " components active");
        return null;
    }

    private static void printBundles(List<BundleStatus> bundles, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("id").alignRight();
        table.column("bundle");
        table.column("version");
        table.column("state");
        bundles.forEach(b -> table.addRow().addContent(b.id(), b.symbolicName(), b.version(), b.state()));
        table.print(out);
    }

    private static void printComponents(List<ComponentStatus> components, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("component");
        table.column("bundle");
        table.column("state");
        table.column("detail");
        components.forEach(c -> table.addRow().addContent(c.name(), c.bundle(), c.state(), c.detail()));
        table.print(out);
    }

    private static void printListeners(List<TesseraRuntime.ListenerView> listeners, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("listener");
        table.column("name");
        table.column("address");
        table.column("tls");
        table.column("state");
        table.column("sessions").alignRight();
        table.column("waiting").alignRight();
        listeners.forEach(view -> {
            ListenerState l = view.state();
            table.addRow().addContent(l.protocol(), l.name(), l.listening() ? String.join(" ", l.addresses()) : "-",
                    view.tlsMode(), l.listening() ? "LISTENING" : "DISABLED (port 0)", l.activeSessions(),
                    l.waitingSessions());
        });
        table.print(out);
    }

    // The order here is the order logins are checked in.
    private static void printPasswordCheckers(List<PluginService> plugins, PrintStream out) {
        List<PluginService> checkers = plugins.stream().filter(p -> p.type().equals("PasswordChecker")).toList();
        if (checkers.isEmpty()) {
            out.println("password checkers: none (every POP3 login and SMTP AUTH fails, for now)");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("password checker");
        table.column("ranking").alignRight();
        table.column("bundle");
        table.column("state");
        checkers.forEach(c -> table.addRow().addContent(c.component(), c.ranking(), c.bundle() + " " + c.bundleVersion(),
                c.bundleState()));
        table.print(out);
    }

    private static void printPluginCounts(List<PluginService> plugins, PrintStream out) {
        Map<String, Integer> byType = new TreeMap<>();
        plugins.forEach(p -> byType.merge(p.type(), 1, Integer::sum));
        StringBuilder line = new StringBuilder("plugins:");
        if (byType.isEmpty()) {
            line.append(" none");
        }
        byType.forEach((type, count) -> line.append(' ').append(type).append('=').append(count));
        out.println(line.append(" (details: qmail:plugins)"));
    }
}
