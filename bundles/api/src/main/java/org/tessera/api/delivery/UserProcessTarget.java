package org.tessera.api.delivery;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link DeliveryTarget} that can run as the recipient's user. When Tessera runs as root, every
 * delivery for a user happens in a user process: a plain JVM (no OSGi) switched to the user's uid
 * and gid, which reads the user's {@code .qmail} files and runs there, as the user, every target
 * that implements this interface. A target that does not (a plugin kind, or forwarding, which
 * only injects) runs in the server as the server's user, asked by the user process; it must not
 * read or write the user's files, since it would do so as root.
 *
 * <p>What a target must be to run in a user process:
 * <ul>
 * <li>a public class with a public no-argument constructor, which the user process calls;</li>
 * <li>self-contained in its own bundle's jar and this API: the user process's class path holds
 * the LOCAL channel's bundle, this API and the jars of the bundles of such targets, nothing else
 * (no OSGi framework, no service registry, no other bundle's packages);</li>
 * <li>configured only through {@link #configure}: the user process passes the scalar properties
 * of the target's service in the server (its configuration, as DS publishes it), so the server's
 * component should call {@link #configure} with the same properties when it is activated or
 * modified, and both sides read the configuration with the same code.</li>
 * </ul>
 * The server rebuilds the user processes when a target of this kind arrives, changes or leaves.
 */
@ConsumerType
public interface UserProcessTarget extends DeliveryTarget {

    /**
     * Takes the configuration, before the first delivery and whenever it changes.
     *
     * @param configuration the scalar properties of the target's service, as text, without the
     *        framework's ({@code service.*}, {@code component.*}, {@code objectClass}) and without
     *        {@link #KIND}; a property the operator did not set is absent, and the target applies
     *        its default
     */
    void configure(Map<String, String> configuration);
}
