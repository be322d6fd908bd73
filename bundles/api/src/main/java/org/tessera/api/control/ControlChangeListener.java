package org.tessera.api.control;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service told when {@link ControlFiles#reload()} found changed files, so that a
 * component can rebuild what it derived from them.
 */
@ConsumerType
public interface ControlChangeListener {

    /**
     * Called after a reload, on the thread that called {@link ControlFiles#reload()}; must not block.
     *
     * @param control the reloaded control files
     * @param changed the names of the files whose contents changed, never empty
     */
    void controlFilesChanged(ControlFiles control, Set<String> changed);
}
