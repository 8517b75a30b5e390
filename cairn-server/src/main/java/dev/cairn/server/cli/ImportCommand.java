package dev.cairn.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cairn import FILE}: a session from an export or an archive, into the key's tenant. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Create a session from an export or archive file (JSON Lines, plain or gzip), in your key's tenant.")
final class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the export, for example SESSION.jsonl or SESSION.jsonl.gz")
    Path file;

    @Mixin
    ClientOptions options = new ClientOptions();

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CliException("no file at " + file);
        }
        byte[] content = Files.readAllBytes(file);
        boolean gzip = content.length >= 2 && (content[0] & 0xFF) == 0x1F && (content[1] & 0xFF) == 0x8B;
        JsonNode session = options.client().post("/v1/sessions/import",
                gzip ? "application/gzip" : "application/x-ndjson", content);
        System.out.println("imported session " + session.path("id").asText() + " (agent "
                + session.path("agent").asText() + " version " + session.path("agent_version").asText() + ")");
        return 0;
    }
}
