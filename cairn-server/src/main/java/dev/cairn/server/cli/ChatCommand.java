package dev.cairn.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn chat AGENT}: an interactive conversation in a new session (or {@code --session}),
 * showing the answer as it streams and each tool call the agent makes.
 */
@Command(name = "chat", description = "Talk to an agent; type /exit or end input to leave.", mixinStandardHelpOptions = true)
final class ChatCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the agent's name")
    String agent;

    @Option(names = "--session", description = "continue this session instead of starting one")
    String session;

    @Mixin
    ClientOptions options = new ClientOptions();

    @Override
    public Integer call() throws IOException {
        ApiClient client = options.client();
        PrintStream out = System.out;
        if (session == null) {
            session = client.postJson("/v1/sessions", Json.object().put("agent", agent)).path("id").asText();
        }
        out.println("session " + session + " with agent " + agent + " (type /exit to leave)");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (true) {
            out.print("> ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.strip().equals("/exit")) {
                out.println();
                return 0;
            }
            if (line.isBlank()) {
                continue;
            }
            long after = client.get("/v1/sessions/" + session).path("last_seq").asLong();
            JsonNode posted = client.postJson("/v1/sessions/" + session + "/messages", Json.object().put("content", line));
            String runId = posted.path("run").path("id").asText();
            follow(client, after, runId, out);
        }
    }

    private void follow(ApiClient client, long after, String runId, PrintStream out) {
        boolean[] streamed = {false};
        client.stream(session, after, event -> {
            JsonNode data = event.data();
            if (!runId.equals(data.path("run_id").asText())) {
                return false;
            }
            switch (event.type()) {
                case "model.delta" -> {
                    out.print(data.path("text").asText(data.path("delta").asText()));
                    out.flush();
                    streamed[0] = true;
                }
                case "tool.requested" -> out.println("  [" + data.path("tool").asText() + " " + data.path("arguments").asText() + "]");
                case "tool.failed" -> out.println("  [" + data.path("tool").asText() + " failed: " + data.path("error").asText() + "]");
                case "model.failed" -> out.println("  [model call failed: " + data.path("message").asText() + "]");
                case "run.completed" -> {
                    out.println(streamed[0] ? "" : data.path("output").asText());
                    return true;
                }
                case "run.failed" -> {
                    out.println("run failed (" + data.path("reason").asText() + "): " + data.path("message").asText());
                    return true;
                }
                case "run.cancelled" -> {
                    out.println("run cancelled: " + data.path("reason").asText());
                    return true;
                }
                default -> {
                }
            }
            return false;
        });
    }
}
