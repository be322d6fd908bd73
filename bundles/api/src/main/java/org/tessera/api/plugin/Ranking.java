package org.tessera.api.plugin;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * A component's place in a chain of services (user directories, password checkers, relay and
 * connection policies, message filters, hooks), as a component property type: {@code @Ranking(10)}
 * beside {@code @Component} registers the service with {@code service.ranking = 10} as an
 * {@code Integer}, the only type the framework orders by (a ranking written as a property string
 * without {@code :Integer} is a {@code String}, which the framework takes for 0). A ranking in the
 * component's configuration overrides it.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Ranking {

    /** With the name Declarative Services derives from this type's ({@code ranking}): {@code service.ranking}. */
    String PREFIX_ = "service.";

    /** Higher first; each chain's interface names the built-ins' rankings. */
    int value();
}
