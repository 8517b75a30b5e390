package dev.cairn.core.route;

import java.util.Objects;

/** One provider and model a route may send a call to. */
public record RouteTarget(String provider, String model) {
    public RouteTarget {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
    }
}
