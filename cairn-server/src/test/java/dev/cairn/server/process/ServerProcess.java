package dev.cairn.server.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real Cairn server in a child JVM (the test's class path), started with {@code cairn ARGS}. */
final class ServerProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("serving on (http://\\S+)");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> baseUrl = new CompletableFuture<>();

    private ServerProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().start(this::readOutput);
    }

    static ServerProcess start(Path workingDir, Map<String, String> environment, String... args) throws IOException {
        return start(workingDir, environment, List.of(), args);
    }

    /** Starts {@code cairn ARGS} with extra JVM options, for example {@code -D} system properties. */
    static ServerProcess start(Path workingDir, Map<String, String> environment, List<String> jvmOptions, String... args)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.cairn.server.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CAIRN_") || name.equals("OPENAI_API_KEY"));
        builder.environment().putAll(environment);
        return new ServerProcess(builder.start());
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                Matcher matcher = SERVING.matcher(line);
                if (matcher.find()) {
                    baseUrl.complete(matcher.group(1));
                }
            }
        } catch (IOException e) {
            // the process was killed; what was read is kept
        } finally {
            baseUrl.completeExceptionally(new IllegalStateException("the server stopped before serving:\n" + String.join("\n", output)));
        }
    }

    /** Waits for the server to say where it serves. */
    String baseUrl(Duration timeout) throws Exception {
        return baseUrl.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Whether the server has said where it serves. */
    boolean serving() {
        return baseUrl.isDone() && !baseUrl.isCompletedExceptionally();
    }

    List<String> output() {
        return List.copyOf(output);
    }

    /** Stops the process the hard way: SIGKILL, no shutdown hooks, no flushing. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Asks the process to stop (SIGTERM: shutdown hooks run, the store is closed) and waits for it to exit. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return waitForExit(timeout);
    }

    int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not exit in " + timeout + ":\n" + String.join("\n", output));
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
