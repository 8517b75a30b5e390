package dev.cairn.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.Durations;
import dev.cairn.tools.code.ByteSizes;
import dev.cairn.tools.code.SandboxSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code sandbox} section of {@code cairn.yaml}: how {@code code_run} runs programs.
 *
 * <pre>
 * sandbox: {mode: bubblewrap, cpu: 10s, memory: 512MiB, processes: 64, file_size: 64MiB, tmp: 64MiB,
 *           wall: 30s, output: 64KiB, concurrency: 4, uid_base: 200000}
 * </pre>
 *
 * Every key is optional; {@code mode: unsandboxed} must be written out to run programs without bubblewrap.
 */
final class SandboxConfigReader {

    private static final Set<String> KEYS = new TreeSet<>(List.of("mode", "cpu", "memory", "processes", "file_size", "tmp",
            "wall", "output", "concurrency", "uid_base"));

    private SandboxConfigReader() {
    }

    static SandboxSettings read(JsonNode node, List<String> problems) {
        SandboxSettings defaults = SandboxSettings.DEFAULTS;
        if (node == null || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            problems.add("sandbox must be a mapping like {mode: bubblewrap, wall: 30s}");
            return defaults;
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                problems.add("sandbox." + key + " is not a known key (known: " + String.join(", ", KEYS) + ")");
            }
        });
        int before = problems.size();
        SandboxSettings.Mode mode = mode(node.get("mode"), problems);
        Duration cpu = duration(node, "cpu", defaults.cpu(), problems);
        long memory = size(node, "memory", defaults.memoryBytes(), problems);
        int processes = (int) whole(node, "processes", defaults.processes(), problems);
        long fileBytes = size(node, "file_size", defaults.fileBytes(), problems);
        long tmpBytes = size(node, "tmp", defaults.tmpBytes(), problems);
        Duration wall = duration(node, "wall", defaults.wall(), problems);
        long output = size(node, "output", defaults.outputBytes(), problems);
        int concurrency = (int) whole(node, "concurrency", defaults.concurrency(), problems);
        int uidBase = (int) whole(node, "uid_base", defaults.uidBase(), problems);
        if (problems.size() > before) {
            return defaults;
        }
        try {
            return new SandboxSettings(mode, cpu, memory, processes, fileBytes, tmpBytes, wall,
                    (int) Math.min(output, Integer.MAX_VALUE), concurrency, uidBase);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return defaults;
        }
    }

    private static SandboxSettings.Mode mode(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return SandboxSettings.Mode.BUBBLEWRAP;
        }
        return switch (node.asText()) {
            case "bubblewrap" -> SandboxSettings.Mode.BUBBLEWRAP;
            case "unsandboxed" -> SandboxSettings.Mode.UNSANDBOXED;
            default -> {
                problems.add("sandbox.mode '" + node.asText() + "' is not one of bubblewrap, unsandboxed");
                yield SandboxSettings.Mode.BUBBLEWRAP;
            }
        };
    }

    private static Duration duration(JsonNode parent, String key, Duration fallback, List<String> problems) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        try {
            return Durations.parse("sandbox." + key, node.asText());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return fallback;
        }
    }

    private static long size(JsonNode parent, String key, long fallback, List<String> problems) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        try {
            return ByteSizes.parse("sandbox." + key, node.asText());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return fallback;
        }
    }

    private static long whole(JsonNode parent, String key, long fallback, List<String> problems) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problems.add("sandbox." + key + " must be a whole number, got " + node);
            return fallback;
        }
        return node.asLong();
    }
}
