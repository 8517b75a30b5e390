package dev.cairn.tools.code;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A language {@code code_run} runs, and how its interpreter takes a program as an argument. Immutable. */
public enum Language {
    PYTHON3("python3", "python3", "-c"),
    NODE("node", "node", "-e"),
    BASH("bash", "bash", "-c");

    /** The system folders an interpreter is looked for in; the sandbox shows the host's {@code /usr} read-only. */
    static final List<Path> BIN_FOLDERS = List.of(Path.of("/usr/local/bin"), Path.of("/usr/bin"), Path.of("/bin"));

    private final String id;
    private final String executable;
    private final String programFlag;

    Language(String id, String executable, String programFlag) {
        this.id = id;
        this.executable = executable;
        this.programFlag = programFlag;
    }

    /** The name the model writes: {@code python3}, {@code node} or {@code bash}. */
    public String id() {
        return id;
    }

    String programFlag() {
        return programFlag;
    }

    /** The language the model named, if it is one of these. */
    public static Optional<Language> of(String id) {
        return Arrays.stream(values()).filter(language -> language.id.equals(id)).findFirst();
    }

    /** The ids of every language, for messages and the tool's schema. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Language::id).toList();
    }

    /**
     * The interpreter on this machine: the first in a system folder that is, links resolved, under
     * {@code /usr}, the only part of the host's system a sandbox sees.
     */
    Optional<Path> interpreter() {
        return BIN_FOLDERS.stream().map(folder -> folder.resolve(executable)).filter(Language::underUsr).findFirst();
    }

    private static boolean underUsr(Path candidate) {
        try {
            return Files.isExecutable(candidate) && candidate.toRealPath().startsWith("/usr/");
        } catch (IOException e) {
            return false;
        }
    }
}
