package org.tessera.api.delivery;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * The kind a delivery target component carries out, as a component property type:
 * {@code @DeliveryKind("sms")} beside {@code @Component(service = DeliveryTarget.class)} registers it
 * with {@link DeliveryTarget#KIND} {@code = "sms"}, a {@code String}, with no property string to get
 * wrong.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DeliveryKind {

    /** With the name Declarative Services derives from this type's ({@code delivery.kind}): {@link DeliveryTarget#KIND}. */
    String PREFIX_ = "tessera.";

    /** The kind: a built-in one of {@link DeliveryTarget}'s constants, or {@code [a-z][a-z0-9_.-]*} of a plugin's own. */
    String value();
}
