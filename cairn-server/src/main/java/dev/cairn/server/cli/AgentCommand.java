package dev.cairn.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn agent apply -f FILE}: creates an agent, or a new version of it. */
@Command(name = "agent", description = "Manage agents.", subcommands = AgentCommand.Apply.class, mixinStandardHelpOptions = true)
final class AgentCommand {

    @Command(name = "apply", description = "Create an agent from a YAML or JSON file, or add a new version of it.",
            mixinStandardHelpOptions = true)
    static final class Apply implements Callable<Integer> {

        @Option(names = {"-f", "--file"}, required = true, description = "the agent definition (YAML or JSON)")
        Path file;

        @Mixin
        ClientOptions options = new ClientOptions();

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new CliException("no file at " + file);
            }
            String text = Files.readString(file);
            String type = file.toString().endsWith(".json") ? "application/json" : "application/yaml";
            JsonNode agent = options.client().post("/v1/agents", type, text);
            System.out.println("agent " + agent.path("name").asText() + " version " + agent.path("version").asText());
            return 0;
        }
    }
}
