package org.tessera.api.queue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The channel a delivery channel component serves, as a component property type:
 * {@code @QueueChannel(Channel.REMOTE)} beside {@code @Component(service = DeliveryChannel.class)}
 * registers it with {@link DeliveryChannel#CHANNEL} {@code = "REMOTE"}, the constant's name as a
 * {@code String}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface QueueChannel {

    /** With the name Declarative Services derives from this type's ({@code queue.channel}): {@link DeliveryChannel#CHANNEL}. */
    String PREFIX_ = "tessera.";

    /** The channel served. */
    Channel value();
}
