package dev.cairn.tools.workspace;

import dev.cairn.core.tool.ToolInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Turns a path a model wrote into a path inside a workspace folder, or refuses it: absolute
 * paths, {@code ..} segments, NUL bytes and any symbolic link on the way are refused.
 */
final class WorkspacePaths {

    private WorkspacePaths() {
    }

    static Path resolve(Path folder, String path, boolean emptyIsFolder) {
        if (path == null || path.isBlank() || path.equals(".")) {
            if (emptyIsFolder) {
                return folder;
            }
            throw new ToolInputException("a path is required");
        }
        if (path.indexOf('\0') >= 0) {
            throw new ToolInputException("path contains a NUL byte");
        }
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
            throw new ToolInputException("path '" + path + "' is absolute; use a path relative to the workspace");
        }
        for (String segment : path.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new ToolInputException("path '" + path + "' leaves the workspace ('..' is not allowed)");
            }
        }
        Path resolved = folder.resolve(path).normalize();
        if (!resolved.startsWith(folder)) {
            throw new ToolInputException("path '" + path + "' leaves the workspace");
        }
        Path current = folder;
        for (Path part : folder.relativize(resolved)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new ToolInputException("path '" + path + "' goes through a symbolic link, which is not allowed");
            }
        }
        return resolved;
    }

    static void createParents(Path folder, Path file) throws IOException {
        Path parent = file.getParent();
        if (parent != null && !parent.equals(folder)) {
            Files.createDirectories(parent);
            if (!parent.toRealPath(LinkOption.NOFOLLOW_LINKS).startsWith(folder.toRealPath())) {
                throw new ToolInputException("path leaves the workspace");
            }
        }
    }
}
