package dev.cairn.store.postgres;

import dev.cairn.core.store.PolicyStore;
import dev.cairn.core.store.PolicyVersion;
import dev.cairn.store.jdbc.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The model-call policy's versions. A put takes the table's lock before reading the latest
 * version, so two nodes putting at once number their versions apart, in commit order, and an
 * unchanged document never makes a version. Reads take no lock.
 */
final class PostgresPolicyStore implements PolicyStore {

    private static final String COLUMNS = "version, document, sha256, source, created_at";
    private static final String LOCK = "LOCK TABLE policy_versions IN SHARE ROW EXCLUSIVE MODE";
    private static final String LATEST = "SELECT " + COLUMNS + " FROM policy_versions ORDER BY version DESC LIMIT 1";
    private static final String LATEST_NUMBER = "SELECT coalesce(max(version), 0) FROM policy_versions";
    private static final String VERSION = "SELECT " + COLUMNS + " FROM policy_versions WHERE version = ?";
    private static final String VERSIONS = "SELECT " + COLUMNS + " FROM policy_versions ORDER BY version";
    private static final String INSERT = "INSERT INTO policy_versions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)";

    private final Database database;

    PostgresPolicyStore(Database database) {
        this.database = database;
    }

    @Override
    public Written put(String document, String source) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(source, "source");
        String sha256 = PolicyVersion.sha256Of(document);
        return database.write(transaction -> {
            transaction.update(LOCK);
            Optional<PolicyVersion> latest = transaction.first(LATEST, PostgresPolicyStore::decode);
            if (latest.isPresent() && latest.get().sha256().equals(sha256) && latest.get().document().equals(document)) {
                return new Written(latest.get(), false);
            }
            PolicyVersion next = new PolicyVersion(latest.map(PolicyVersion::version).orElse(0L) + 1, document, sha256,
                    transaction.now(), source);
            transaction.update(INSERT, next.version(), document, sha256, source, Rows.millis(next.createdAt()));
            return new Written(next, true);
        });
    }

    @Override
    public Optional<PolicyVersion> latest() {
        return database.first(LATEST, PostgresPolicyStore::decode);
    }

    @Override
    public long latestVersion() {
        return database.first(LATEST_NUMBER, row -> row.getLong(1)).orElse(0L);
    }

    @Override
    public Optional<PolicyVersion> version(long version) {
        return database.first(VERSION, PostgresPolicyStore::decode, version);
    }

    @Override
    public List<PolicyVersion> versions() {
        return database.list(VERSIONS, PostgresPolicyStore::decode);
    }

    private static PolicyVersion decode(ResultSet row) throws SQLException {
        return new PolicyVersion(row.getLong("version"), row.getString("document"), row.getString("sha256"),
                Rows.instant(row, "created_at"), row.getString("source"));
    }
}
