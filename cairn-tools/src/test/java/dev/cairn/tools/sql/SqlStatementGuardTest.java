package dev.cairn.tools.sql;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.tool.ToolInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlStatementGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1",
            "select id, name from customers where city = ? order by id limit 10",
            "WITH recent AS (SELECT * FROM orders WHERE placed > now() - interval '1 day') SELECT count(*) FROM recent",
            "SELECT a.id FROM a JOIN b ON a.id = b.a_id UNION SELECT id FROM c",
            "SELECT (SELECT max(total) FROM orders) AS biggest"})
    void readsAreAdmitted(String sql) {
        assertThatCode(() -> SqlStatementGuard.requireSingleSelect(sql)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SELECT * FROM (WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone) x | a WITH query that deletes",
            "WITH a AS (SELECT 1), b AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM b | a WITH query that inserts",
            "SELECT id FROM t WHERE id IN (SELECT pg_read_file('/etc/passwd')) | pg_read_file()",
            "SELECT upper(lo_export(1, '/tmp/x')) | lo_export()",
            "SELECT set_config('search_path', 'evil', false) | set_config()",
            "SELECT GET_LOCK('x', 10) | GET_LOCK()",
            "SELECT * FROM t FOR SHARE | SELECT ... FOR",
            "  | holds no statement",
            "SELECT 1; SELECT 2 | 2 statements",
            "EXPLAIN ANALYZE DELETE FROM t | could not be parsed",
            "SHOW TABLES | not SHOW"})
    void everythingElseIsRefusedNamingWhy(String sql, String reason) {
        assertThatThrownBy(() -> SqlStatementGuard.requireSingleSelect(sql == null ? "" : sql))
                .isInstanceOf(ToolInputException.class).hasMessageContaining(reason.strip());
    }
}
