package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The LangGraph.js peer, installed once in a temporary copy of {@code shared/peers/langgraphjs}
 * and run as {@code THREADS=.. TURNS=.. node bench.mjs DB}, one process per measurement. Close it
 * to delete the copy. Not thread-safe.
 */
final class Peer implements AutoCloseable {

    private final Path directory;

    private Peer(Path directory) {
        this.directory = directory;
    }

    /**
     * Copies the peer from {@code source} and installs its packages.
     *
     * @return empty, after saying why on {@code progress}, when node or npm is missing or the peer
     *     is not at {@code source}
     * @throws IOException when the install fails
     */
    static Optional<Peer> install(Path source, PrintStream progress) throws IOException, InterruptedException {
        if (source == null || !Files.isRegularFile(source.resolve("bench.mjs"))) {
            progress.println("peer: skipped: the LangGraph.js peer was not found at " + source
                    + " (expected ../shared/peers/langgraphjs beside the repository; or pass --peer-dir)");
            return Optional.empty();
        }
        for (String tool : List.of("node", "npm")) {
            if (!available(tool)) {
                progress.println("peer: skipped: '" + tool + "' is not on the PATH; install Node.js 20+ to compare with the peer");
                return Optional.empty();
            }
        }
        Path directory = Files.createTempDirectory("cairn-peer-langgraphjs-");
        try {
            copy(source, directory);
            progress.println("peer: npm install in " + directory + " ...");
            run(directory, List.of("npm", "install", "--no-audit", "--no-fund"), Map.of(), "npm-install.log");
            run(directory, List.of("npm", "rebuild", "better-sqlite3"), Map.of(), "npm-rebuild.log");
            return Optional.of(new Peer(directory));
        } catch (IOException | InterruptedException | RuntimeException e) {
            DatabaseFiles.deleteTree(directory);
            throw e;
        }
    }

    /**
     * Runs the peer's reference workload once; answers its JSON line with {@code bytes_per_step}
     * added, and the database's bytes once its WAL is checkpointed into it (measured here, after
     * the peer has exited, as for Cairn).
     */
    ObjectNode measure(int threads, int turns) throws IOException, InterruptedException {
        Path database = directory.resolve("lg.db");
        String output = run(directory, List.of("node", "bench.mjs", database.toString()),
                Map.of("THREADS", Integer.toString(threads), "TURNS", Integer.toString(turns)), "bench.log");
        long checkpointed;
        try (DatabaseProbe probe = DatabaseProbe.open(database)) {
            checkpointed = probe.checkpointedBytes();
        } catch (SQLException e) {
            throw new IOException("cannot checkpoint the peer's database " + database + ": " + e.getMessage(), e);
        } finally {
            DatabaseFiles.delete(database);
        }
        String line = output.lines().filter(text -> text.startsWith("{")).reduce((first, second) -> second)
                .orElseThrow(() -> new IOException("the peer printed no JSON line: " + output));
        JsonNode parsed = Json.parse(line);
        if (!(parsed instanceof ObjectNode result) || !result.has("steps") || !result.has("db_bytes")) {
            throw new IOException("the peer's line is not the expected JSON object: " + line);
        }
        long steps = Math.max(1, result.get("steps").asLong());
        result.put("bytes_per_step", result.get("db_bytes").asLong() / steps);
        result.put("db_bytes_checkpointed", checkpointed);
        result.put("bytes_per_step_checkpointed", checkpointed / steps);
        return result;
    }

    @Override
    public void close() {
        DatabaseFiles.deleteTree(directory);
    }

    private static boolean available(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.toString().startsWith("node_modules")) {
                    continue;
                }
                Path destination = target.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination);
                }
            }
        }
    }

    /** Runs a command in the peer's folder; answers its standard output, or fails with its log's end. */
    private static String run(Path directory, List<String> command, Map<String, String> environment, String logName)
            throws IOException, InterruptedException {
        Path log = directory.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            String errors = Files.readString(log);
            throw new IOException(String.join(" ", command) + " failed with exit code " + exit + ":\n" + output
                    + tail(errors));
        }
        return output;
    }

    private static String tail(String text) {
        return text.length() <= 4_000 ? text : "..." + text.substring(text.length() - 4_000);
    }
}
