package dev.cairn.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the repository root (the folder with the top {@code pom.xml}) from the working folder or
 * from where this jar lies, and the shared peers beside it: CI clones the repository into X and
 * puts {@code shared/} at {@code X/../shared}.
 */
final class RepositoryRoot {

    private RepositoryRoot() {
    }

    static Optional<Path> find() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(RepositoryRoot.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // the working folder is enough
        }
        for (Path start : starts) {
            for (Path folder = start; folder != null; folder = folder.getParent()) {
                if (Files.isRegularFile(folder.resolve("pom.xml")) && Files.isDirectory(folder.resolve("cairn-core"))) {
                    return Optional.of(folder);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code ROOT/../shared/peers/langgraphjs}, if the root is found. */
    static Optional<Path> langGraphPeer() {
        return find().map(root -> root.resolve("../shared/peers/langgraphjs").normalize());
    }
}
