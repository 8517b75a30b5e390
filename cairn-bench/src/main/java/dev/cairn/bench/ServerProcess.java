package dev.cairn.bench;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Cairn server ({@code dev.cairn.server.Main serve}) in a child JVM on this process's class
 * path, as {@code ./cairn serve} would run it. Records when it said where it serves. Not
 * thread-safe, except that its output is read on a thread of its own.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("serving on (http://\\S+)");
    private static final Pattern HOLDER = Pattern.compile("executing runs as lease holder (\\S+)");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> baseUrl = new CompletableFuture<>();
    private volatile long servingAtMillis;

    private ServerProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("server-output").start(this::readOutput);
    }

    /** Starts {@code cairn serve} on a free loopback port over {@code dataDir}. */
    static ServerProcess start(Path dataDir, Map<String, String> environment) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.log.dev.cairn.core.runtime=info",
                "-cp", System.getProperty("java.class.path"), "dev.cairn.server.Main",
                "serve", "--port", "0", "--data", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CAIRN_"));
        builder.environment().putAll(environment);
        return new ServerProcess(builder.start());
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.add(line);
                Matcher matcher = SERVING.matcher(line);
                if (matcher.find()) {
                    servingAtMillis = System.currentTimeMillis();
                    baseUrl.complete(matcher.group(1));
                }
            }
        } catch (IOException e) {
            // the process was killed; what was read is kept
        } finally {
            baseUrl.completeExceptionally(new IllegalStateException("the server stopped before serving:\n"
                    + String.join("\n", output)));
        }
    }

    /** Waits for the server to say where it serves. */
    String baseUrl(Duration timeout) throws InterruptedException {
        try {
            return baseUrl.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the server did not serve within " + timeout + ":\n" + String.join("\n", output));
        }
    }

    /** The lease holder id the server's runs execute under, once it has said it; null before. */
    String holderId() {
        for (String line : output) {
            Matcher matcher = HOLDER.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    /** When the server said where it serves, in epoch milliseconds; 0 before. */
    long servingAtMillis() {
        return servingAtMillis;
    }

    /** SIGKILL: no shutdown hooks, no flushing. Answers when the signal was sent, in epoch milliseconds. */
    long kill() throws InterruptedException {
        long killedAt = System.currentTimeMillis();
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        return killedAt;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
