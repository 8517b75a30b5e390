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

    /**
     * One provider and model.
     *
     * @param timeout the most one attempt at this target may take, like {@code 20s}, or {@code null}
     *                when only the step timeout bounds it
     */
    public record Target(String provider, String model, String timeout) {

        /** A target bounded only by the step timeout. */
        public Target(String provider, String model) {
            this(provider, model, null);
        }
    }
}
