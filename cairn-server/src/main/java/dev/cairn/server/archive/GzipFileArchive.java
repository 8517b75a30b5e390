package dev.cairn.server.archive;

import dev.cairn.core.archive.ArchiveException;
import dev.cairn.core.archive.SessionArchive;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Archived sessions as gzip-compressed JSON Lines files, {@code FOLDER/SESSION_ID.jsonl.gz}. A file
 * is written beside its final name, forced to disk, then moved into place in one step, so a
 * reader (or a crash) never sees half an archive.
 *
 * <p>Thread-safe for different sessions; one session's archive is written by one sweep at a time.
 */
public final class GzipFileArchive implements SessionArchive {

    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final Path folder;

    private GzipFileArchive(Path folder) {
        this.folder = folder;
    }

    /**
     * An archive in {@code folder}, created when missing.
     *
     * @throws ArchiveException when the folder cannot be created
     */
    public static GzipFileArchive create(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ArchiveException("the archive folder " + folder + " cannot be created: " + e.getMessage(), e);
        }
        return new GzipFileArchive(folder.toAbsolutePath().normalize());
    }

    /** Where the session's archive is (or would be). */
    public Path file(String sessionId) {
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw new ArchiveException("session id '" + sessionId + "' cannot name an archive file", null);
        }
        return folder.resolve(sessionId + ".jsonl.gz");
    }

    @Override
    public void write(String sessionId, Content content) {
        Path target = file(sessionId);
        Path partial = folder.resolve(sessionId + ".jsonl.gz.partial");
        try {
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                try (GZIPOutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(unclosable(channel), 64 * 1024))) {
                    content.writeTo(gzip);
                }
                channel.force(true);
            }
            move(partial, target);
            forceFolder();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(partial, e);
            if (e instanceof ArchiveException archive) {
                throw archive;
            }
            throw new ArchiveException("writing the archive of session '" + sessionId + "' to " + target + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void remove(String sessionId) {
        try {
            Files.deleteIfExists(file(sessionId));
        } catch (IOException e) {
            throw new ArchiveException("removing the archive of session '" + sessionId + "' failed: " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the move itself durable: the folder's entry for the file is on disk too. */
    private void forceFolder() {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder for reading; the file itself is on disk.
        }
    }

    private static OutputStream unclosable(FileChannel channel) {
        OutputStream out = Channels.newOutputStream(channel);
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush(); // the channel is closed by its owner, after it is forced to disk
            }
        };
    }

    private static void deleteQuietly(Path file, Exception cause) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
