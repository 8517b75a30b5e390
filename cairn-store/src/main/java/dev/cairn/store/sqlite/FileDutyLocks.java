package dev.cairn.store.sqlite;

import dev.cairn.core.store.DutyLock;
import dev.cairn.core.store.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Duties of processes sharing one SQLite file, held with an operating-system lock on a file of
 * each duty's own beside the database ({@code cairn.db.duty-NAME}). The lock goes with the
 * process, so a process that dies gives its duties up. Within one process the lock is also kept
 * in a set, since the operating system does not tell two holders in one process apart. SQLite's
 * own write lock is no help here: it lasts one transaction, and a duty lasts longer.
 */
final class FileDutyLocks {

    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path databaseFile;
    private final Set<Held> held = ConcurrentHashMap.newKeySet();

    FileDutyLocks(Path databaseFile) {
        this.databaseFile = databaseFile;
    }

    /** Gives up every duty this store still holds. */
    void close() {
        List.copyOf(held).forEach(Held::close);
    }

    Optional<DutyLock> exclusive(String name) {
        DutyLock.checkName(name);
        Path file = databaseFile.resolveSibling(databaseFile.getFileName() + ".duty-" + name).toAbsolutePath().normalize();
        if (!HELD_HERE.add(file)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD_HERE.remove(file);
                return Optional.empty();
            }
            Held duty = new Held(name, file, channel, this, new AtomicBoolean(true));
            held.add(duty);
            return Optional.of(duty);
        } catch (IOException | OverlappingFileLockException e) {
            HELD_HERE.remove(file);
            closeQuietly(channel);
            if (e instanceof OverlappingFileLockException) {
                return Optional.empty();
            }
            throw new StoreException("cannot lock " + file + " for duty '" + name + "': " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases the lock; a failure leaves nothing held that the process's end does not release.
            }
        }
    }

    private record Held(String name, Path file, FileChannel channel, FileDutyLocks owner, AtomicBoolean open)
            implements DutyLock {
        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                closeQuietly(channel);
                HELD_HERE.remove(file);
                owner.held.remove(this);
            }
        }
    }
}
