package dev.cairn.tools.code;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Gives a workspace folder and everything in it to a sandbox user id, so that a program run as
 * that id can change files the {@code workspace} tool (run by the server as root) or a program in
 * an earlier slot wrote. Links are never followed: the links themselves change owner.
 */
final class WorkspaceOwner {

    private WorkspaceOwner() {
    }

    static void giveTo(Path folder, int uid) throws IOException {
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                own(dir, uid);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                own(file, uid);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void own(Path path, int uid) throws IOException {
        if (((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)) != uid) {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
