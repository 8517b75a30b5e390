package dev.cairn.mcp;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;

/**
 * One live session with an MCP server through the SDK's client: for a stdio server, the process
 * it started too. {@link #ended()} completes, with the reason, when the process exits or the
 * server can no longer be reached. Thread-safe; closed once.
 */
final class McpConnection {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
    private static final int STDERR_LINES = 20;
    private static final McpSchema.Implementation CLIENT = new McpSchema.Implementation("cairn", "0.1.0");

    private final McpDeclaration declaration;
    private final McpAsyncClient client;
    private final Process process;
    private final Deque<String> stderr;
    private final long startedNanos;
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    /**
     * The processes seen under the server's, kept so that they can be stopped after a launcher
     * between them died (they then belong to no one's descendants).
     */
    private final java.util.Set<ProcessHandle> started = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private McpConnection(McpDeclaration declaration, McpAsyncClient client, Process process, Deque<String> stderr) {
        this.declaration = declaration;
        this.client = client;
        this.process = process;
        this.stderr = stderr;
        this.startedNanos = System.nanoTime();
        processes();
        if (process != null) {
            process.onExit().thenAccept(exited -> ended.complete("exited with code " + exited.exitValue() + lastError()));
        }
    }

    /**
     * Starts the server (for a stdio declaration) and completes the MCP handshake.
     *
     * @param toolsChanged told the server's whole tool list each time it says the list changed
     * @throws McpException when the process cannot start, exits, or the handshake fails or takes
     *                      longer than {@code startup}
     */
    static McpConnection open(McpDeclaration declaration, Duration startup, Consumer<List<McpSchema.Tool>> toolsChanged)
            throws InterruptedException {
        Deque<String> stderr = new ArrayDeque<>();
        if (declaration.stdio()) {
            requireExecutable(declaration);
        }
        McpClientTransport transport = declaration.stdio() ? stdio(declaration, stderr) : http(declaration);
        McpAsyncClient client = McpClient.async(transport)
                .clientInfo(CLIENT)
                // the handshake and the listing may take the start-up time; calls are held to the
                // declared timeout by await
                .requestTimeout(declaration.timeout().compareTo(startup) > 0 ? declaration.timeout() : startup)
                .initializationTimeout(startup)
                .toolsChangeConsumer(tools -> Mono.fromRunnable(() -> toolsChanged.accept(tools)))
                .build();
        CompletableFuture<McpSchema.InitializeResult> initialized = client.initialize().toFuture();
        long deadline = System.nanoTime() + startup.toNanos();
        try {
            while (true) {
                Process process = transport instanceof StdioClientTransport stdio ? process(stdio) : null;
                if (process != null && !process.isAlive()) {
                    throw new McpException(declaration.describe() + " exited with code " + process.exitValue()
                            + " while starting" + tail(stderr));
                }
                try {
                    initialized.get(25, TimeUnit.MILLISECONDS);
                    return new McpConnection(declaration, client, process, stderr);
                } catch (TimeoutException stillStarting) {
                    if (System.nanoTime() > deadline) {
                        throw new McpException(declaration.describe() + " did not finish the MCP handshake within "
                                + startup.toSeconds() + "s" + tail(stderr));
                    }
                } catch (ExecutionException e) {
                    throw new McpException((declaration.stdio() ? "could not start " : "could not reach ")
                            + declaration.describe() + ": " + reason(e.getCause()) + tail(stderr), e.getCause());
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            initialized.cancel(true);
            Process process = transport instanceof StdioClientTransport stdio ? process(stdio) : null;
            new McpConnection(declaration, client, process, stderr).close();
            throw e;
        }
    }

    /**
     * Fails at once, naming the program, when it cannot be found or run: the SDK's transport would
     * only log that and leave the handshake waiting for the whole start-up time.
     */
    private static void requireExecutable(McpDeclaration declaration) {
        String program = declaration.command().getFirst();
        if (program.contains("/")) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new McpException("could not start " + declaration.describe() + ": " + program
                        + " is not an executable file");
            }
            return;
        }
        String path = declaration.env().getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
        for (String folder : path.split(java.io.File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
                return;
            }
        }
        throw new McpException("could not start " + declaration.describe() + ": no program '" + program
                + "' on PATH (" + path + ")");
    }

    private static McpClientTransport stdio(McpDeclaration declaration, Deque<String> stderr) {
        ServerParameters parameters = ServerParameters.builder(declaration.command().getFirst())
                .args(declaration.command().subList(1, declaration.command().size()))
                .env(declaration.env())
                .build();
        StdioClientTransport transport = new StdioClientTransport(parameters, McpJsonDefaults.getMapper()) {
            /**
             * The SDK adds the safe variables (PATH, HOME, ...) and the declared ones to this
             * builder; starting from an empty environment keeps Cairn's own secrets (provider API
             * keys, the admin key) away from the server.
             */
            @Override
            protected ProcessBuilder getProcessBuilder() {
                ProcessBuilder builder = new ProcessBuilder();
                builder.environment().clear();
                return builder;
            }
        };
        transport.setStdErrorHandler(line -> {
            synchronized (stderr) {
                if (stderr.size() == STDERR_LINES) {
                    stderr.removeFirst();
                }
                stderr.addLast(line);
            }
        });
        return transport;
    }

    private static McpClientTransport http(McpDeclaration declaration) {
        URI url = declaration.url();
        String base = url.getScheme() + "://" + url.getRawAuthority();
        String endpoint = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        return HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The server's whole tool list, page by page. */
    List<McpSchema.Tool> listTools() throws InterruptedException {
        List<McpSchema.Tool> tools = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            McpSchema.ListToolsResult result = await(cursor == null ? client.listTools() : client.listTools(cursor),
                    "tools/list");
            tools.addAll(result.tools());
            cursor = result.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        return List.copyOf(tools);
    }

    /** Calls the tool the server knows as {@code tool}. */
    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) throws InterruptedException {
        return await(client.callTool(new McpSchema.CallToolRequest(tool, arguments)), "the call of " + tool);
    }

    /**
     * Waits for {@code request} no longer than the declared timeout, and no longer than the
     * server lives.
     */
    private <T> T await(Mono<T> request, String what) throws InterruptedException {
        CompletableFuture<T> answer = request.toFuture();
        try {
            CompletableFuture.anyOf(answer, ended).get(declaration.timeout().toMillis() + 500, TimeUnit.MILLISECONDS);
            if (answer.isDone()) {
                return answer.get();
            }
            throw new McpException("MCP server '" + declaration.name() + "' stopped during " + what + ": it "
                    + ended.getNow("stopped"));
        } catch (TimeoutException e) {
            throw timedOut(what);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException || cause != null && cause.getCause() instanceof TimeoutException) {
                throw timedOut(what);
            }
            if (!(cause instanceof McpError) && !declaration.stdio()) {
                ended.complete("could not be reached at " + declaration.url() + ": " + reason(cause));
            }
            throw new McpException("MCP server '" + declaration.name() + "' failed " + what + ": " + reason(cause), cause);
        } finally {
            answer.cancel(true);
        }
    }

    private McpException timedOut(String what) {
        return new McpException("MCP server '" + declaration.name() + "' did not answer " + what + " within "
                + declaration.timeout().toSeconds() + "s (mcp.timeout); it may still finish on the server");
    }

    /** Completes with the reason the server went away ("exited with code 1: ..."). */
    CompletableFuture<String> ended() {
        return ended;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** The server's process and its descendants, for a stdio server; noted for {@link #close()}. */
    List<ProcessHandle> processes() {
        if (process == null) {
            return List.of();
        }
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        started.addAll(tree);
        return tree;
    }

    /**
     * Ends the MCP session and stops the process and every process it started, forcibly when they
     * do not stop within a few seconds.
     */
    void close() {
        processes();
        List<ProcessHandle> tree = List.copyOf(started);
        try {
            client.closeGracefully().toFuture().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            client.close();
        }
        for (ProcessHandle handle : tree) {
            handle.destroy();
        }
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            } catch (ExecutionException | TimeoutException e) {
                handle.destroyForcibly();
            }
        }
        ended.complete("was stopped");
    }

    private String lastError() {
        return tail(stderr);
    }

    private static String tail(Deque<String> stderr) {
        synchronized (stderr) {
            return stderr.isEmpty() ? "" : "; its last output: " + String.join(" | ", stderr);
        }
    }

    /** What went wrong, in one line: the outermost message, and the root cause's when it adds something. */
    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootText = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        String top = failure.getMessage();
        if (root == failure || top == null || top.contains(rootText) || top.startsWith(root.getClass().getName())) {
            return rootText;
        }
        return top + " (" + rootText + ")";
    }

    private static final Field PROCESS_FIELD = processField();

    /**
     * The process the SDK's stdio transport started, or null before it has. The transport keeps it
     * to itself; Cairn needs it to notice an exit at once and to stop the processes it started.
     */
    private static Process process(StdioClientTransport transport) {
        try {
            return (Process) PROCESS_FIELD.get(transport);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the MCP SDK's stdio transport hides its process", e);
        }
    }

    private static Field processField() {
        try {
            Field field = StdioClientTransport.class.getDeclaredField("process");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this MCP SDK's stdio transport keeps no 'process' field; Cairn cannot "
                    + "supervise its servers with it", e);
        }
    }
}
