package dev.cairn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** Sizes of an SQLite database's files, and clean-up of bench folders. */
final class DatabaseFiles {

    private static final List<String> SUFFIXES = List.of("", "-wal", "-shm");

    private DatabaseFiles() {
    }

    /** The bytes of the database file and its {@code -wal} and {@code -shm} files, those that exist. */
    static long bytes(Path databaseFile) {
        long total = 0;
        for (String suffix : SUFFIXES) {
            Path file = databaseFile.resolveSibling(databaseFile.getFileName() + suffix);
            try {
                if (Files.exists(file)) {
                    total += Files.size(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    /** Removes the database file and its companions, so a run starts from an empty store. */
    static void delete(Path databaseFile) {
        for (String suffix : SUFFIXES) {
            try {
                Files.deleteIfExists(databaseFile.resolveSibling(databaseFile.getFileName() + suffix));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Deletes a folder and everything in it; quietly does nothing when it is already gone. */
    static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder + ": " + e.getMessage(), e);
        }
    }
}
