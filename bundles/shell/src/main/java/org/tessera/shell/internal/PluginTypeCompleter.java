package org.tessera.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/** Completes {@code qmail:plugins} with the plugin interfaces that have services right now. */
@Service
public final class PluginTypeCompleter implements Completer {

    @Reference
    BundleContext context;

    @Reference
    ServiceComponentRuntime scr;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter types = new StringsCompleter();
        new TesseraRuntime(context, scr).plugins().forEach(p -> types.getStrings().add(p.type()));
        return types.complete(session, commandLine, candidates);
    }
}
