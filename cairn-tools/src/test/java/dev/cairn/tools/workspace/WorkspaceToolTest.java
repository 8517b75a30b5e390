package dev.cairn.tools.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.json.Json;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceToolTest {

    @TempDir
    Path root;

    private ToolOutcome call(String session, String json) throws Exception {
        WorkspaceTool tool = WorkspaceTool.create(root.resolve("workspaces"));
        return tool.call(new ToolInvocation("t", session, "r", "c", "k", Json.parse(json), Map.of()));
    }

    private static String output(ToolOutcome outcome) {
        assertThat(outcome).isInstanceOf(ToolOutcome.Success.class);
        return ((ToolOutcome.Success) outcome).output();
    }

    @Test
    void writesReadsAndListsFilesInTheSessionsOwnFolder() throws Exception {
        assertThat(output(call("ses_a", "{\"operation\":\"write\",\"path\":\"notes/todo.md\",\"content\":\"buy milk\"}")))
                .contains("wrote 8 bytes");
        assertThat(output(call("ses_a", "{\"operation\":\"read\",\"path\":\"notes/todo.md\"}"))).isEqualTo("buy milk");
        assertThat(output(call("ses_a", "{\"operation\":\"list\"}"))).isEqualTo("notes/");
        assertThat(output(call("ses_a", "{\"operation\":\"list\",\"path\":\"notes\"}"))).isEqualTo("notes/todo.md (8 bytes)");
        assertThat(Files.readString(root.resolve("workspaces/ses_a/notes/todo.md"))).isEqualTo("buy milk");
        assertThat(output(call("ses_b", "{\"operation\":\"list\"}"))).isEqualTo("(empty)");
    }

    @Test
    void pathsOutsideTheFolderAreRefusedAndNothingIsWritten() throws Exception {
        Files.writeString(Files.createDirectories(root.resolve("workspaces/ses_b")).resolve("secret.txt"), "other session");
        for (String path : new String[] {"../ses_b/secret.txt", "a/../../ses_b/secret.txt", "/etc/passwd", "..", "a/..\\..\\x"}) {
            assertThatThrownBy(() -> call("ses_a", "{\"operation\":\"read\",\"path\":\"" + path.replace("\\", "\\\\") + "\"}"))
                    .as(path).isInstanceOf(ToolInputException.class);
            assertThatThrownBy(() -> call("ses_a", "{\"operation\":\"write\",\"path\":\"" + path.replace("\\", "\\\\")
                    + "\",\"content\":\"x\"}")).as(path).isInstanceOf(ToolInputException.class);
        }
        assertThat(Files.readString(root.resolve("workspaces/ses_b/secret.txt"))).isEqualTo("other session");
        assertThat(Files.exists(root.resolve("etc"))).isFalse();
    }

    @Test
    void symbolicLinksOutOfTheFolderAreRefused() throws Exception {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("data.txt"), "private");
        Path folder = Files.createDirectories(root.resolve("workspaces/ses_a"));
        Files.createSymbolicLink(folder.resolve("escape"), outside);
        Files.createSymbolicLink(folder.resolve("file-link"), outside.resolve("data.txt"));
        assertThatThrownBy(() -> call("ses_a", "{\"operation\":\"read\",\"path\":\"escape/data.txt\"}"))
                .isInstanceOf(ToolInputException.class).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> call("ses_a", "{\"operation\":\"read\",\"path\":\"file-link\"}"))
                .isInstanceOf(ToolInputException.class);
        assertThatThrownBy(() -> call("ses_a", "{\"operation\":\"write\",\"path\":\"escape/new.txt\",\"content\":\"x\"}"))
                .isInstanceOf(ToolInputException.class);
        assertThatThrownBy(() -> call("ses_a", "{\"operation\":\"write\",\"path\":\"file-link\",\"content\":\"x\"}"))
                .isInstanceOf(ToolInputException.class);
        assertThat(Files.readString(outside.resolve("data.txt"))).isEqualTo("private");
        assertThat(Files.exists(outside.resolve("new.txt"))).isFalse();
    }

    @Test
    void missingFilesAndBadOperationsAreToldToTheModel() throws Exception {
        assertThat(call("ses_a", "{\"operation\":\"read\",\"path\":\"nope.txt\"}"))
                .isInstanceOfSatisfying(ToolOutcome.Failure.class, f -> assertThat(f.error()).contains("nope.txt' does not exist"));
        assertThatThrownBy(() -> call("ses_a", "{\"operation\":\"delete\",\"path\":\"x\"}"))
                .isInstanceOf(ToolInputException.class).hasMessageContaining("not one of list, read, write");
    }

    @Test
    void largeFilesAreReadInPart() throws Exception {
        Path folder = Files.createDirectories(root.resolve("workspaces/ses_a"));
        Files.writeString(folder.resolve("big.txt"), "x".repeat(WorkspaceTool.MAX_READ_BYTES + 10));
        assertThat(output(call("ses_a", "{\"operation\":\"read\",\"path\":\"big.txt\"}")))
                .endsWith("(showing the first " + WorkspaceTool.MAX_READ_BYTES + " of " + (WorkspaceTool.MAX_READ_BYTES + 10) + " bytes)");
    }
}
