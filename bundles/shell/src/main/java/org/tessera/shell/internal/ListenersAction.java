package org.tessera.shell.internal;

import java.io.PrintStream;
import java.util.List;

/** A command that stops or starts the listeners, as qmailctl stops and starts tcpserver's services. */
abstract class ListenersAction extends RuntimeAction {

    /** Stops (disables) or starts (enables) every listener component and says which changed. */
    static void setListeners(TesseraRuntime runtime, boolean running, PrintStream out) throws Exception {
        List<String> changed = runtime.setEnabled(runtime.listenerComponents(), running);
        if (changed.isEmpty()) {
            out.println(running ? "listeners: all running already" : "listeners: all stopped already");
        } else {
            changed.forEach(name -> out.println((running ? "started " : "stopped ") + name));
        }
    }
}
