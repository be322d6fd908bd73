package org.tessera.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/** A command that reports the live state of Tessera's bundles, components and plugins. */
abstract class RuntimeAction implements Action {

    @Reference
    BundleContext context;

    @Reference
    ServiceComponentRuntime scr;

    @Reference
    Session session;

    TesseraRuntime runtime() {
        return new TesseraRuntime(context, scr);
    }
}
