package dev.cairn.models.openai;

import java.util.Arrays;
import java.util.Optional;

/** Which of OpenAI's two chat APIs a provider speaks. */
public enum WireApi {

    /** Chat Completions ({@code POST /chat/completions}): spoken by OpenAI and by almost every compatible server. */
    CHAT("chat"),

    /** The Responses API ({@code POST /responses}): OpenAI, Azure OpenAI v1 and some compatible servers. */
    RESPONSES("responses");

    private final String configName;

    WireApi(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration: {@code chat} or {@code responses}. */
    public String configName() {
        return configName;
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
