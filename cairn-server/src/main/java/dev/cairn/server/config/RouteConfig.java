package dev.cairn.server.config;

import java.util.List;

/**
 * A route: ordered targets, tried in turn.
 *
 * @param targets         provider and model of each target
 * @param contextTokens   the context budget of a call (default 16000)
 * @param maxOutputTokens the most tokens a call may write (default 1000)
 */
public record RouteConfig(List<Target> targets, Integer contextTokens, Integer maxOutputTokens) {

    /** One provider and model. */
    public record Target(String provider, String model) {
    }
}
