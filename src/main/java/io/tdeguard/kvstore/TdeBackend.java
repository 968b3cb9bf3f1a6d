package io.tdeguard.kvstore;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.inject.Qualifier;

/**
 * Marks an adapter of {@link TdeApi}. Each adapter also carries
 * {@code @LookupIfProperty(name = "tdeguard.tde.backend", stringValue = "<its name>")}, and
 * {@link SelectedTdeBackend} hands the one that matches to everyone who injects a plain {@code TdeApi}.
 * The qualifier keeps the adapters out of plain {@code @Inject TdeApi} resolution, which is decided at build
 * time and would otherwise be ambiguous as soon as there are two.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER })
public @interface TdeBackend {

    /** The configuration key that names the backend. */
    String PROPERTY = "tdeguard.tde.backend";
}
