package dev.cairn.core.model;

import dev.cairn.core.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic model for tests and the offline demo. It reads the latest user message:
 * <ul>
 *   <li>each line {@code /call TOOL {json}} becomes a tool call in the first model step (several
 *       lines: parallel calls); once the results are back it answers with one line
 *       {@code TOOL -> RESULT} per call;</li>
 *   <li>{@code /sleep MS} waits MS milliseconds first;</li>
 *   <li>{@code /fail STATUS} fails as a provider answering that HTTP status would;</li>
 *   <li>any other text is answered {@code echo: TEXT}.</li>
 * </ul>
 * A request whose purpose is {@link ChatRequest.Purpose#EXTRACTION} is answered as
 * {@link ScriptedExtraction} describes. A request whose purpose is {@link ChatRequest.Purpose#SUMMARY} is answered with a summary built
 * from its latest user message: {@code summary: } followed by every line that starts with
 * {@code [#} (one per message to fold in, such as {@code [#12 user] hello}), each cut to
 * {@value #SUMMARY_LINE_CHARS} characters, joined by {@code " | "}. A previous summary in the
 * request is not carried over, so scripted summaries stay short however often they are made.
 * Usage is counted as one token per four characters. Thread-safe.
 */
public final class ScriptedProvider implements ChatProvider {

    private static final Pattern CALL = Pattern.compile("/call\\s+([A-Za-z0-9_-]{1,64})\\s*(.*)");
    private static final Pattern SLEEP = Pattern.compile("/sleep\\s+(\\d{1,7})");
    private static final Pattern FAIL = Pattern.compile("/fail\\s+(\\d{3})");
    static final int SUMMARY_LINE_CHARS = 40;

    private final String name;
    private final Sleeper sleeper;

    private ScriptedProvider(String name, Sleeper sleeper) {
        this.name = name;
        this.sleeper = sleeper;
    }

    public static ScriptedProvider create(String name, Sleeper sleeper) {
        return new ScriptedProvider(name, sleeper);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        List<Message> messages = request.messages();
        if (request.purpose() != ChatRequest.Purpose.ANSWER) {
            String text = request.purpose() == ChatRequest.Purpose.SUMMARY ? summary(request.latestUserText())
                    : ScriptedExtraction.answer(request.latestUserText());
            Message.Assistant answer = Message.Assistant.text(text);
            stream(answer.text(), listener);
            return new ChatResponse(answer, new Usage(inputTokens(messages), (answer.text().length() + 3) / 4), "stop",
                    "scripted");
        }
        int lastUser = lastUserIndex(messages);
        String userText = lastUser < 0 ? "" : ((Message.User) messages.get(lastUser)).text();
        List<Message.ToolResult> results = new ArrayList<>();
        for (int i = lastUser + 1; i < messages.size(); i++) {
            if (messages.get(i) instanceof Message.ToolResult result) {
                results.add(result);
            }
        }
        Script script = Script.parse(userText);
        if (results.isEmpty()) {
            waitFor(script.sleepMillis());
            if (script.failStatus() > 0) {
                throw ProviderErrors.fromStatus(name, script.failStatus(), "scripted failure", 0, null);
            }
        }
        Message.Assistant answer;
        String finish;
        if (!results.isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (Message.ToolResult result : results) {
                lines.add(result.toolName() + " -> " + result.content());
            }
            answer = Message.Assistant.text(String.join("\n", lines));
            finish = "stop";
        } else if (!script.calls().isEmpty()) {
            List<ToolCall> calls = new ArrayList<>();
            String prefix = "call_" + Integer.toHexString((userText + "#" + lastUser).hashCode()) + "_";
            for (int i = 0; i < script.calls().size(); i++) {
                String[] call = script.calls().get(i);
                calls.add(new ToolCall(prefix + (i + 1), call[0], call[1]));
            }
            answer = new Message.Assistant("", calls);
            finish = "tool_calls";
        } else {
            answer = Message.Assistant.text("echo: " + script.text());
            finish = "stop";
        }
        stream(answer.text(), listener);
        return new ChatResponse(answer, new Usage(inputTokens(messages), (answer.text().length() + 3) / 4
                + answer.toolCalls().size() * 8L), finish, "scripted");
    }

    private static String summary(String request) {
        List<String> folded = new ArrayList<>();
        for (String line : request.split("\n", -1)) {
            if (line.startsWith("[#")) {
                folded.add(line.length() > SUMMARY_LINE_CHARS ? line.substring(0, SUMMARY_LINE_CHARS) : line);
            }
        }
        return "summary: " + String.join(" | ", folded);
    }

    private void waitFor(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            sleeper.sleep(Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderErrors.unreachable(name, "interrupted while waiting", e);
        }
    }

    private static void stream(String text, StreamListener listener) {
        if (listener == StreamListener.NONE || text.isEmpty()) {
            return;
        }
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf(' ', start + 1);
            end = end < 0 ? text.length() : end;
            listener.onTextDelta(text.substring(start, end));
            start = end;
        }
    }

    private static int lastUserIndex(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof Message.User) {
                return i;
            }
        }
        return -1;
    }

    private static long inputTokens(List<Message> messages) {
        long chars = 0;
        for (Message message : messages) {
            chars += switch (message) {
                case Message.System system -> system.text().length();
                case Message.User user -> user.text().length();
                case Message.Assistant assistant -> assistant.text().length() + assistant.toolCalls().size() * 32L;
                case Message.ToolResult result -> result.content().length();
            };
        }
        return (chars + 3) / 4;
    }

    /** The commands and text of one user message. */
    private record Script(List<String[]> calls, long sleepMillis, int failStatus, String text) {

        static Script parse(String message) {
            List<String[]> calls = new ArrayList<>();
            long sleep = 0;
            int fail = 0;
            List<String> text = new ArrayList<>();
            for (String line : message.split("\n", -1)) {
                String trimmed = line.trim();
                Matcher call = CALL.matcher(trimmed);
                Matcher sleepMatch = SLEEP.matcher(trimmed);
                Matcher failMatch = FAIL.matcher(trimmed);
                if (call.matches()) {
                    calls.add(new String[] {call.group(1), call.group(2).isBlank() ? "{}" : call.group(2).trim()});
                } else if (sleepMatch.matches()) {
                    sleep += Long.parseLong(sleepMatch.group(1));
                } else if (failMatch.matches()) {
                    fail = Integer.parseInt(failMatch.group(1));
                } else {
                    text.add(line);
                }
            }
            return new Script(calls, sleep, fail, String.join("\n", text).strip());
        }
    }
}
