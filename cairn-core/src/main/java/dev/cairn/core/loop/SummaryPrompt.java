package dev.cairn.core.loop;

import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.session.SessionView.TranscriptEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The request that asks a model to summarize earlier conversation: instructions, then one user
 * message holding the previous summary (if any) between {@code <previous_summary>} lines and the
 * messages to fold in between {@code <conversation>} lines, one per message, each starting with a
 * tag such as {@code [#12 user]}, {@code [#13 assistant]}, {@code [#13 assistant calls memory]} or
 * {@code [#14 tool memory]} ({@code #} and the event's sequence number). A message longer than
 * {@link #MAX_MESSAGE_CHARS} is cut short, saying so.
 */
final class SummaryPrompt {

    /** The most characters of one message a summarizing model reads. */
    static final int MAX_MESSAGE_CHARS = 4_000;

    private SummaryPrompt() {
    }

    /** The request's messages: the instructions, then the previous summary and the lines to fold in. */
    static List<Message> messages(String previousSummary, List<String> lines, int maxWords) {
        StringBuilder text = new StringBuilder();
        if (!previousSummary.isEmpty()) {
            text.append("<previous_summary>\n").append(previousSummary).append("\n</previous_summary>\n");
        }
        text.append("<conversation>\n");
        lines.forEach(line -> text.append(line).append('\n'));
        text.append("</conversation>\n");
        text.append(previousSummary.isEmpty()
                ? "Write the summary of the conversation above."
                : "Write one new summary that covers both the previous summary and the conversation above.");
        return List.of(new Message.System(instructions(maxWords)), new Message.User(text.toString()));
    }

    static String instructions(int maxWords) {
        return "You condense the earlier part of a conversation between a user and an AI agent into a summary that "
                + "the agent reads instead of it, because it no longer fits in the agent's context. Keep what the agent "
                + "needs to go on: the user's goals and requests, facts, names, numbers and identifiers, decisions and "
                + "their reasons, commitments and open questions, and what tools returned that still matters. Leave out "
                + "pleasantries and repetition. Add nothing that is not in the conversation. Write terse prose or bullets, "
                + "at most " + maxWords + " words, and nothing but the summary.";
    }

    /** The lines of one transcript message as the summarizing model reads them. */
    static List<String> lines(TranscriptEntry entry) {
        String tag = "[#" + entry.seq() + " ";
        List<String> lines = new ArrayList<>();
        switch (entry.message()) {
            case Message.System system -> lines.add(tag + "system] " + cut(system.text()));
            case Message.User user -> lines.add(tag + "user] " + cut(user.text()));
            case Message.Assistant assistant -> {
                if (!assistant.text().isEmpty() || assistant.toolCalls().isEmpty()) {
                    lines.add(tag + "assistant] " + cut(assistant.text()));
                }
                for (ToolCall call : assistant.toolCalls()) {
                    lines.add(tag + "assistant calls " + call.name() + "] " + cut(call.arguments()));
                }
            }
            case Message.ToolResult result ->
                    lines.add(tag + "tool " + result.toolName() + (result.error() ? " failed] " : "] ") + cut(result.content()));
        }
        return lines;
    }

    private static String cut(String text) {
        if (text.length() <= MAX_MESSAGE_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_MESSAGE_CHARS - 1)) ? MAX_MESSAGE_CHARS - 1 : MAX_MESSAGE_CHARS;
        return text.substring(0, end) + " [... " + (text.length() - end) + " more characters left out]";
    }
}
