package org.tessera.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code qmail:plugins}: every service of a Tessera SPI type with its kind, ranking and providing bundle. */
@Service
@Command(scope = "qmail", name = "plugins",
        description = "Lists the services registered under Tessera's plugin interfaces (delivery targets, "
                + "user directories, password checkers, policies, filters, channels) with kind, ranking "
                + "and the bundle that provides each.")
public final class PluginsCommand extends RuntimeAction {

    @Argument(index = 0, name = "type", required = false,
            description = "only services of this interface, for example DeliveryTarget")
    @Completion(PluginTypeCompleter.class)
    String type;

    @Override
    public Object execute() {
        List<PluginService> plugins = runtime().plugins().stream()
                .filter(p -> type == null || p.type().equalsIgnoreCase(type))
                .toList();
        ShellTable table = new ShellTable();
        table.column("type");
        table.column("kind");
        table.column("ranking").alignRight();
        table.column("service").alignRight();
        table.column("bundle");
        table.column("version");
        table.column("state");
        table.column("component");
        table.emptyTableText("no plugin services" + (type == null ? "" : " of type " + type));
        plugins.forEach(p -> table.addRow().addContent(p.type(), p.kind(), p.ranking(), p.serviceId(),
                p.bundle(), p.bundleVersion(), p.bundleState(), p.component()));
        table.print(session.getConsole());
        return null;
    }
}
