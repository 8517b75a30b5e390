package dev.cairn.server.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn export SESSION [-o FILE]}: a session's row, log and blobs as JSON Lines. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a session (its events and large outputs) as JSON Lines, to a file or standard output.")
final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SESSION", description = "the session's id")
    String session;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write here instead of standard output; a name ending in .gz is compressed")
    Path output;

    @Mixin
    ClientOptions options = new ClientOptions();

    @Override
    public Integer call() throws IOException {
        ApiClient client = options.client();
        String path = "/v1/sessions/" + session + "/export";
        if (output == null) {
            client.download(path, System.out);
            System.out.flush();
            return 0;
        }
        // Written beside the file and moved into place, so a failed export leaves no half file.
        Path partial = output.resolveSibling(output.getFileName() + ".partial");
        try {
            try (OutputStream file = Files.newOutputStream(partial);
                 OutputStream out = output.toString().endsWith(".gz") ? new GZIPOutputStream(file) : file) {
                client.download(path, out);
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        System.err.println("exported session " + session + " to " + output);
        return 0;
    }
}
