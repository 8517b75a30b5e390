package dev.cairn.store.sqlite;

import dev.cairn.core.store.PolicyStore;
import dev.cairn.core.store.PolicyVersion;
import dev.cairn.core.store.StoreException;
import dev.cairn.store.jdbc.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The model-call policy's versions. A put reads the latest version in the writer's transaction,
 * which holds SQLite's write lock, so two processes putting at once number their versions apart
 * and an unchanged document never makes a version.
 */
final class SqlitePolicyStore implements PolicyStore {

    private static final String COLUMNS = "version, document, sha256, source, created_at";
    private static final String LATEST = "SELECT " + COLUMNS + " FROM policy_versions ORDER BY version DESC LIMIT 1";
    private static final String LATEST_NUMBER = "SELECT coalesce(max(version), 0) FROM policy_versions";
    private static final String VERSION = "SELECT " + COLUMNS + " FROM policy_versions WHERE version = ?";
    private static final String VERSIONS = "SELECT " + COLUMNS + " FROM policy_versions ORDER BY version";
    private static final String INSERT = "INSERT INTO policy_versions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)";

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqlitePolicyStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public Written put(String document, String source) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(source, "source");
        String sha256 = PolicyVersion.sha256Of(document);
        return StoreException.join(writer.submit(transaction -> {
            Optional<PolicyVersion> latest = transaction.first(LATEST, SqlitePolicyStore::decode);
            if (latest.isPresent() && latest.get().sha256().equals(sha256) && latest.get().document().equals(document)) {
                return new Written(latest.get(), false);
            }
            PolicyVersion next = new PolicyVersion(latest.map(PolicyVersion::version).orElse(0L) + 1, document, sha256,
                    transaction.now(), source);
            transaction.update(INSERT, next.version(), document, sha256, source, Rows.millis(next.createdAt()));
            return new Written(next, true);
        }));
    }

    @Override
    public Optional<PolicyVersion> latest() {
        return readers.first(LATEST, SqlitePolicyStore::decode);
    }

    @Override
    public long latestVersion() {
        return readers.first(LATEST_NUMBER, row -> row.getLong(1)).orElse(0L);
    }

    @Override
    public Optional<PolicyVersion> version(long version) {
        return readers.first(VERSION, SqlitePolicyStore::decode, version);
    }

    @Override
    public List<PolicyVersion> versions() {
        return readers.list(VERSIONS, SqlitePolicyStore::decode);
    }

    private static PolicyVersion decode(ResultSet row) throws SQLException {
        return new PolicyVersion(row.getLong("version"), row.getString("document"), row.getString("sha256"),
                Rows.instant(row, "created_at"), row.getString("source"));
    }
}
