package dev.cairn.server.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the server is and which key to use: options, then CAIRN_URL / CAIRN_API_KEY, then the demo's key file. */
final class ClientOptions {

    @Option(names = "--url", description = "the server's address (default: $CAIRN_URL or http://127.0.0.1:8080)")
    String url;

    @Option(names = "--key", description = "API key (default: $CAIRN_API_KEY, or the key the demo wrote to ./cairn-data/admin.key)")
    String key;

    ApiClient client() {
        String address = url != null ? url : System.getenv().getOrDefault("CAIRN_URL", "http://127.0.0.1:8080");
        return new ApiClient(URI.create(address.endsWith("/") ? address : address + "/"), apiKey());
    }

    private String apiKey() {
        if (key != null) {
            return key;
        }
        String fromEnv = System.getenv("CAIRN_API_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        Path demoKey = Path.of("cairn-data", "admin.key");
        try {
            return Files.exists(demoKey) ? Files.readString(demoKey).trim() : null;
        } catch (IOException e) {
            throw new CliException("cannot read " + demoKey + ": " + e.getMessage());
        }
    }
}
