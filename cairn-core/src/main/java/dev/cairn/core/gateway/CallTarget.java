package dev.cairn.core.gateway;

import java.util.Objects;

/**
 * Where a model call would go: the route it was made through, the provider and model of the
 * target, and the provider's region and endpoint host (empty when the provider does not say).
 */
public record CallTarget(String route, String provider, String model, String region, String endpointHost) {

    public CallTarget {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        region = region == null ? "" : region;
        endpointHost = endpointHost == null ? "" : endpointHost;
    }
}
