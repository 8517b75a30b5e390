package dev.cairn.testing.wire;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the recorded provider traffic that lives outside the repository, in
 * {@code shared/fixtures/provider-wire}.
 *
 * <p>A developer's checkout and CI's clone differ in where that folder is: CI clones the
 * repository into some folder {@code X} and puts a copy of {@code shared/} beside it, at
 * {@code X/../shared}. So the folder is found by walking up from the working directory (a
 * module's directory when Maven runs the tests) until a directory holds
 * {@code shared/fixtures/provider-wire}. Stateless and thread-safe.
 */
public final class Fixtures {

    static final Path PROVIDER_WIRE = Path.of("shared", "fixtures", "provider-wire");

    private Fixtures() {
    }

    /**
     * The {@code provider-wire} folder.
     *
     * @throws IllegalStateException naming every folder searched, when none holds it
     */
    public static Path providerWire() {
        return providerWireFrom(Path.of("").toAbsolutePath());
    }

    /**
     * One recorded file, for example {@code providerWire("openai-chat/test_text_response.yaml")}.
     *
     * @throws IllegalStateException when the fixtures folder or the file is missing
     */
    public static Path providerWire(String relativePath) {
        Path file = providerWire().resolve(relativePath);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("recorded provider traffic " + file + " does not exist");
        }
        return file;
    }

    /**
     * Reads one recorded cassette, for example {@code cassette("tool-choice/test_tool_choice_matrix[auto-openai].yaml")}.
     *
     * @throws IllegalStateException when the fixtures folder or the file is missing
     */
    public static Cassette cassette(String relativePath) {
        return Cassette.load(providerWire(relativePath));
    }

    static Path providerWireFrom(Path start) {
        return providerWireFrom(start, null);
    }

    /** As {@link #providerWireFrom(Path)}, searching no higher than {@code top} when it is not null. */
    static Path providerWireFrom(Path start, Path top) {
        Path ceiling = top == null ? null : top.toAbsolutePath().normalize();
        List<Path> searched = new ArrayList<>();
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.equals(ceiling) ? null : dir.getParent()) {
            Path candidate = dir.resolve(PROVIDER_WIRE);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            searched.add(dir);
        }
        throw new IllegalStateException("recorded provider traffic not found: no folder " + PROVIDER_WIRE
                + " in " + searched + ". It lives beside the repository (X/../shared when the repository"
                + " is cloned into X); copy or link the project's shared/ folder there.");
    }
}
