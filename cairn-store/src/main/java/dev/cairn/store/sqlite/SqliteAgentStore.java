package dev.cairn.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.AgentStore;
import dev.cairn.core.store.StoreException;
import dev.cairn.store.jdbc.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Versioned agent specs, stored as JSON written by {@link Json#mapper()}. Two specs are equal when
 * their JSON is: both are encoded by the same mapper from the same record type, so order that
 * matters (memory blocks, tools) counts and nothing else does.
 */
final class SqliteAgentStore implements AgentStore {

    private static final String COLUMNS = "tenant_id, name, version, spec_json, created_at";
    private static final String LATEST = "SELECT " + COLUMNS + " FROM agents WHERE tenant_id = ? AND name = ?"
            + " ORDER BY version DESC LIMIT 1";
    private static final String VERSION = "SELECT " + COLUMNS + " FROM agents WHERE tenant_id = ? AND name = ?"
            + " AND version = ?";
    private static final String VERSIONS = "SELECT " + COLUMNS + " FROM agents WHERE tenant_id = ? AND name = ?"
            + " ORDER BY version";
    private static final String LIST = "SELECT " + COLUMNS + " FROM agents a WHERE tenant_id = ? AND version ="
            + " (SELECT max(version) FROM agents b WHERE b.tenant_id = a.tenant_id AND b.name = a.name) ORDER BY name";
    private static final String INSERT = "INSERT INTO agents (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)";

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqliteAgentStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public AgentVersion put(String tenantId, AgentSpec spec) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(spec, "spec");
        String specJson = Json.write(spec);
        return StoreException.join(writer.submit(transaction -> put(transaction, tenantId, spec, specJson)));
    }

    private static AgentVersion put(WriteTransaction transaction, String tenantId, AgentSpec spec, String specJson)
            throws SQLException {
        Optional<AgentVersion> latest = transaction.first(LATEST, SqliteAgentStore::decode, tenantId, spec.name());
        if (latest.isPresent() && Json.write(latest.get().spec()).equals(specJson)) {
            return latest.get();
        }
        AgentVersion next = new AgentVersion(tenantId, spec.name(), latest.map(AgentVersion::version).orElse(0) + 1,
                spec, transaction.now());
        transaction.update(INSERT, tenantId, next.name(), next.version(), specJson, Rows.millis(next.createdAt()));
        return next;
    }

    @Override
    public Optional<AgentVersion> latest(String tenantId, String name) {
        return readers.first(LATEST, SqliteAgentStore::decode, tenantId, name);
    }

    @Override
    public Optional<AgentVersion> version(String tenantId, String name, int version) {
        return readers.first(VERSION, SqliteAgentStore::decode, tenantId, name, version);
    }

    @Override
    public List<AgentVersion> versions(String tenantId, String name) {
        return readers.list(VERSIONS, SqliteAgentStore::decode, tenantId, name);
    }

    @Override
    public List<AgentVersion> list(String tenantId) {
        return readers.list(LIST, SqliteAgentStore::decode, tenantId);
    }

    private static AgentVersion decode(ResultSet row) throws SQLException {
        String name = row.getString("name");
        int version = row.getInt("version");
        AgentSpec spec;
        try {
            spec = Json.mapper().readValue(row.getString("spec_json"), AgentSpec.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored spec of agent '" + name + "' version " + version + " does not decode: "
                    + e.getOriginalMessage(), e);
        }
        return new AgentVersion(row.getString("tenant_id"), name, version, spec, Rows.instant(row, "created_at"));
    }
}
