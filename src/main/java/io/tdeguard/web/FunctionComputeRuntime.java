package io.tdeguard.web;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether this process runs as a Function Compute 3.0 function, decided once at start from the environment Function
 * Compute gives every instance ({@code FC_FUNCTION_NAME}, {@code FC_REGION}, {@code FC_ACCOUNT_ID}; Function Compute
 * reserves the {@code FC_} prefix, so a function's own configuration cannot set them there), never from a request. Off
 * Function Compute nobody strips a caller's {@code x-fc-*} headers, so they are ignored; on it the platform forbids them
 * in requests and sets them itself. Read through MicroProfile Config, whose environment source serves these names
 * as they are, so that a test profile can set them.
 */
@ApplicationScoped
public class FunctionComputeRuntime {

    private static final Logger LOG = Logger.getLogger(FunctionComputeRuntime.class);

    private final Optional<String> functionName;
    private final Optional<String> region;
    private final boolean present;

    FunctionComputeRuntime(@ConfigProperty(name = "FC_FUNCTION_NAME") Optional<String> functionName,
            @ConfigProperty(name = "FC_REGION") Optional<String> region,
            @ConfigProperty(name = "FC_ACCOUNT_ID") Optional<String> accountId) {
        this.functionName = functionName.filter(value -> !value.isBlank());
        this.region = region.filter(value -> !value.isBlank());
        this.present = this.functionName.isPresent() && this.region.isPresent()
                && accountId.filter(value -> !value.isBlank()).isPresent();
        if (present) {
            LOG.infof("running on Function Compute as %s in %s: its x-fc-* credential headers are used",
                    this.functionName.get(), this.region.get());
        }
    }

    /** True when the environment is Function Compute's. */
    public boolean present() {
        return present;
    }

    public Optional<String> functionName() {
        return functionName;
    }
}
