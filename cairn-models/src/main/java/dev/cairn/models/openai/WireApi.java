package dev.cairn.models.openai;

import java.util.Arrays;
import java.util.Optional;

/** Which of OpenAI's two chat APIs a provider speaks. */
public enum WireApi {

    /** Chat Completions ({@code POST /chat/completions}): spoken by OpenAI and by almost every compatible server. */
    CHAT("chat", "Chat Completions"),

    /** The Responses API ({@code POST /responses}): OpenAI, Azure OpenAI v1 and some compatible servers. */
    RESPONSES("responses", "Responses API");

    private final String configName;
    private final String label;

    WireApi(String configName, String label) {
        this.configName = configName;
        this.label = label;
    }

    /** The name used in configuration: {@code chat} or {@code responses}. */
    public String configName() {
        return configName;
    }

    /** The API's name in messages. */
    String label() {
        return label;
    }

    /** The API with this configuration name, ignoring case. */
    public static Optional<WireApi> fromConfigName(String name) {
        return Arrays.stream(values()).filter(api -> api.configName.equalsIgnoreCase(name == null ? "" : name.strip()))
                .findFirst();
    }

    @Override
    public String toString() {
        return configName;
    }
}
