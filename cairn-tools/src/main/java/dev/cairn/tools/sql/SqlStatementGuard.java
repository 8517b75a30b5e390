package dev.cairn.tools.sql;

import dev.cairn.core.tool.ToolInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Admits only a single {@code SELECT} (or {@code WITH ... SELECT}) statement, parsed by
 * JSqlParser: anything else, several statements, a common table expression that inserts,
 * updates or deletes, {@code SELECT ... INTO} and row locks are refused with a message naming
 * the reason. This is the first of two locks; the read-only transaction the query runs in is the
 * second, and holds on its own. Thread-safe.
 */
final class SqlStatementGuard {

    /**
     * Functions that act outside the transaction, so a rollback does not undo them: they read or
     * write the server's files, reach other servers, signal other sessions, take session locks or
     * change settings. The database role a source connects as should not be allowed them either;
     * this list refuses them before they reach a role that is.
     */
    private static final Set<String> OUTSIDE_TRANSACTION = Set.of(
            "lo_import", "lo_export", "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "pg_file_write",
            "dblink", "dblink_exec", "dblink_connect", "dblink_send_query", "pg_terminate_backend", "pg_cancel_backend",
            "pg_reload_conf", "pg_rotate_logfile", "pg_notify", "set_config", "pg_advisory_lock", "pg_advisory_lock_shared",
            "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "pg_switch_wal", "pg_create_restore_point",
            "load_file", "get_lock", "release_lock", "release_all_locks", "load_extension", "writefile", "readfile");

    /**
     * Where parses run, under JSqlParser's own time limit (a pathological statement can take very
     * long); shared, because a thread made for each parse costs more than the parse.
     */
    private static final ExecutorService PARSING = Executors.newVirtualThreadPerTaskExecutor();

    private SqlStatementGuard() {
    }

    /**
     * @throws ToolInputException when {@code sql} is not one plain read
     */
    static void requireSingleSelect(String sql) {
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql, PARSING, parser -> { });
        } catch (JSQLParserException e) {
            throw new ToolInputException("the SQL could not be parsed (only a single SELECT or WITH ... SELECT is allowed): "
                    + firstLine(e));
        }
        List<Statement> list = statements == null ? List.of() : statements;
        if (list.isEmpty()) {
            throw new ToolInputException("the SQL holds no statement; write one SELECT");
        }
        if (list.size() > 1) {
            throw new ToolInputException("the SQL holds " + list.size() + " statements; only a single SELECT is allowed");
        }
        Statement statement = list.getFirst();
        if (!(statement instanceof Select select)) {
            throw new ToolInputException("only a single SELECT or WITH ... SELECT is allowed, not "
                    + sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT));
        }
        List<String> writes = new WriteFinder().writes(select);
        if (!writes.isEmpty()) {
            throw new ToolInputException("the query would write or act outside its transaction (" + String.join(", ", writes)
                    + "); only reading queries are allowed");
        }
    }

    private static String firstLine(JSQLParserException e) {
        String message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        String line = (newline < 0 ? message : message.substring(0, newline)).strip();
        return line.replaceFirst("^[a-z.]+\\.[A-Za-z]*Exception: ", "");
    }

    /** Walks the whole statement, subqueries and common table expressions included, for anything that writes. */
    private static final class WriteFinder extends TablesNamesFinder<Void> {

        private final List<String> writes = new ArrayList<>();

        List<String> writes(Select select) {
            init(false);
            select.accept((net.sf.jsqlparser.statement.StatementVisitor<Void>) this, null);
            return writes;
        }

        @Override
        public <S> Void visit(Function function, S context) {
            String name = function.getMultipartName() == null || function.getMultipartName().isEmpty() ? ""
                    : function.getMultipartName().getLast();
            if (OUTSIDE_TRANSACTION.contains(name.replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT))) {
                writes.add(name + "(), which acts outside the transaction");
            }
            return super.visit(function, context);
        }

        @Override
        public <S> Void visit(PlainSelect select, S context) {
            if (select.getIntoTables() != null && !select.getIntoTables().isEmpty() || select.getIntoTempTable() != null) {
                writes.add("SELECT ... INTO");
            }
            if (select.getForMode() != null || select.getForUpdateTable() != null) {
                writes.add("SELECT ... FOR " + (select.getForMode() == null ? "UPDATE" : select.getForMode()));
            }
            return super.visit(select, context);
        }

        @Override
        public <S> Void visit(WithItem<?> item, S context) {
            // WithItem's typed getters cast to the wrong class in 5.3; ask the statement itself
            Object inner = item.getParenthesedStatement();
            if (!(inner instanceof Select)) {
                writes.add("a WITH query that " + switch (inner) {
                    case ParenthesedInsert insert -> "inserts";
                    case ParenthesedUpdate update -> "updates";
                    case ParenthesedDelete delete -> "deletes";
                    case null, default -> "is not a SELECT";
                });
                return null;
            }
            return super.visit(item, context);
        }

        @Override
        public <S> Void visit(ParenthesedInsert insert, S context) {
            writes.add("INSERT");
            return null;
        }

        @Override
        public <S> Void visit(ParenthesedUpdate update, S context) {
            writes.add("UPDATE");
            return null;
        }

        @Override
        public <S> Void visit(ParenthesedDelete delete, S context) {
            writes.add("DELETE");
            return null;
        }

        @Override
        public <S> Void visit(Insert insert, S context) {
            writes.add("INSERT");
            return null;
        }

        @Override
        public <S> Void visit(Update update, S context) {
            writes.add("UPDATE");
            return null;
        }

        @Override
        public <S> Void visit(Delete delete, S context) {
            writes.add("DELETE");
            return null;
        }

        @Override
        public <S> Void visit(Merge merge, S context) {
            writes.add("MERGE");
            return null;
        }

        @Override
        public <S> Void visit(Upsert upsert, S context) {
            writes.add("UPSERT");
            return null;
        }
    }
}
