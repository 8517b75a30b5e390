package dev.cairn.store.postgres;

import dev.cairn.core.store.DutyLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Duties held with PostgreSQL's session advisory locks: {@code pg_try_advisory_lock} on a
 * connection of the duty's own (outside the pool, so a duty never takes a connection the duty's
 * own writes need) kept for as long as the duty is held, so the lock lives exactly as long as that
 * connection's session: giving the duty up closes the connection. A node that dies, or whose
 * connection breaks, loses its duties when the server ends the session. The key is the two-number form (a fixed
 * class number and a hash of schema and duty name), apart from the one-number keys of the
 * agent-version locks and Flyway's, and nodes on different schemas of one database never meet.
 */
final class PostgresDutyLocks {

    /** "CAIR" in ASCII: the first number of every duty's key. */
    private static final int CLASS_ID = 0x43414952;
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?, hashtext(current_schema() || '/' || ?))";
    private static final System.Logger LOG = System.getLogger(PostgresDutyLocks.class.getName());

    private final Database database;
    private final Set<Held> held = ConcurrentHashMap.newKeySet();

    PostgresDutyLocks(Database database) {
        this.database = database;
    }

    Optional<DutyLock> exclusive(String name) {
        DutyLock.checkName(name);
        Connection connection = null;
        try {
            connection = database.dedicatedConnection();
            if (!tryLock(connection, name)) {
                connection.close();
                return Optional.empty();
            }
            Held duty = new Held(name, connection, held);
            held.add(duty);
            return Optional.of(duty);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw database.readFailed(e);
        }
    }

    /** Gives up every duty still held. */
    void close() {
        List.copyOf(held).forEach(Held::close);
    }

    private static boolean tryLock(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(TRY_LOCK)) {
            statement.setInt(1, CLASS_ID);
            statement.setString(2, name);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a connection failed", e);
            }
        }
    }

    /** One held duty: closing its connection ends the session, and the lock with it. */
    private static final class Held implements DutyLock {

        private final String name;
        private final Connection connection;
        private final Set<Held> heldBy;
        private final AtomicBoolean open = new AtomicBoolean(true);

        Held(String name, Connection connection, Set<Held> heldBy) {
            this.name = name;
            this.connection = connection;
            this.heldBy = heldBy;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                closeQuietly(connection);
                heldBy.remove(this);
            }
        }
    }
}
