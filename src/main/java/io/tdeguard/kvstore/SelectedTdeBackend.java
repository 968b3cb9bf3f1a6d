package io.tdeguard.kvstore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/** Provides {@link TdeApi}: the adapter that {@code tdeguard.tde.backend} names. */
@ApplicationScoped
class SelectedTdeBackend {

    @ConfigProperty(name = TdeBackend.PROPERTY, defaultValue = "simulator")
    String backendName;

    @Produces
    @ApplicationScoped
    TdeApi selected(@TdeBackend Instance<TdeApi> backends) {
        if (!backends.isResolvable()) {
            throw new IllegalStateException(TdeBackend.PROPERTY + "=" + backendName
                    + " does not name exactly one TDE backend (known: simulator, openapi)");
        }
        return backends.get();
    }

    /** A misspelt backend name stops the start instead of failing the first TDE call. */
    void checkAtStartup(@Observes StartupEvent startup, @TdeBackend Instance<TdeApi> backends) {
        selected(backends);
    }
}
