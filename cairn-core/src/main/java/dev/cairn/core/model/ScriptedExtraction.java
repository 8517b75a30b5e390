package dev.cairn.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the {@link ScriptedProvider} answers a memory extraction request, deterministically:
 * <ul>
 *   <li>every sentence of a user message that begins (in any case) with {@code I }, {@code I'm}, {@code I've} or
 *       {@code My } is a memory, kept word for word; a preference when it says prefer, like, love,
 *       hate, favorite or favourite, else a fact;</li>
 *   <li>one equal (ignoring case, spacing and final punctuation) to an existing memory of its kind
 *       updates it; one that begins with the same three words as an existing memory of its kind
 *       but says something else supersedes it; any other is added;</li>
 *   <li>the summary is {@code Asked: FIRST USER MESSAGE | Answered: LAST ANSWER}, each cut to 120
 *       characters, updating the existing summary when one is shown.</li>
 * </ul>
 * Only the kinds the request asks for are answered.
 */
final class ScriptedExtraction {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final Pattern MEMORABLE = Pattern.compile("^(I |I'm |I've |My )", Pattern.CASE_INSENSITIVE);
    private static final Pattern PREFERENCE = Pattern.compile("\\b(prefer|prefers|like|likes|love|loves|hate|hates|favorite|favourite)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final int SUMMARY_PART_CHARS = 120;

    private ScriptedExtraction() {
    }

    static String answer(String requestDocument) {
        JsonNode request;
        try {
            request = Json.mapper().readTree(requestDocument);
        } catch (JsonProcessingException e) {
            return "{\"memories\": []}";
        }
        Set<String> kinds = new HashSet<>();
        request.path("extract").forEach(kind -> kinds.add(kind.asText()));
        ObjectNode answer = Json.object();
        ArrayNode memories = answer.putArray("memories");
        Set<String> said = new HashSet<>();
        Set<String> targeted = new HashSet<>();
        for (JsonNode turn : request.path("conversation")) {
            if (!"user".equals(turn.path("role").asText())) {
                continue;
            }
            for (String sentence : SENTENCE_END.split(turn.path("text").asText().strip())) {
                String text = sentence.strip();
                if (!MEMORABLE.matcher(text).find()) {
                    continue;
                }
                String kind = PREFERENCE.matcher(text).find() ? "preference" : "fact";
                if (kinds.contains(kind) && said.add(normalized(text))) {
                    memories.add(decide(kind, text, request.path("existing_memories"), targeted));
                }
            }
        }
        if (kinds.contains("summary")) {
            memories.add(summary(request));
        }
        return Json.write(answer);
    }

    private static ObjectNode decide(String kind, String text, JsonNode existing, Set<String> targeted) {
        ObjectNode memory = Json.object().put("kind", kind).put("text", text).put("action", "add");
        for (JsonNode item : existing) {
            String id = item.path("id").asText();
            if (!kind.equals(item.path("kind").asText()) || targeted.contains(id)) {
                continue;
            }
            String known = item.path("text").asText();
            if (normalized(known).equals(normalized(text))) {
                targeted.add(id);
                return memory.put("action", "update").put("id", id);
            }
            if (firstWords(known).equals(firstWords(text))) {
                targeted.add(id);
                return memory.put("action", "supersede").put("id", id);
            }
        }
        return memory;
    }

    private static ObjectNode summary(JsonNode request) {
        String asked = "";
        String answered = "";
        for (JsonNode turn : request.path("conversation")) {
            String role = turn.path("role").asText();
            if ("user".equals(role) && asked.isEmpty()) {
                asked = turn.path("text").asText().strip();
            } else if ("assistant".equals(role)) {
                answered = turn.path("text").asText().strip();
            }
        }
        ObjectNode memory = Json.object().put("kind", "summary")
                .put("text", "Asked: " + cut(asked) + " | Answered: " + cut(answered)).put("action", "add");
        for (JsonNode item : request.path("existing_memories")) {
            if ("summary".equals(item.path("kind").asText())) {
                return memory.put("action", "update").put("id", item.path("id").asText());
            }
        }
        return memory;
    }

    private static String cut(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= SUMMARY_PART_CHARS ? line : line.substring(0, SUMMARY_PART_CHARS);
    }

    private static String normalized(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("[.!?]+$", "").strip();
    }

    private static List<String> firstWords(String text) {
        String[] words = normalized(text).split(" ");
        List<String> first = new ArrayList<>();
        for (int i = 0; i < Math.min(3, words.length); i++) {
            first.add(words[i]);
        }
        return first;
    }
}
