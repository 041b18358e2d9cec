package jp.tokuten.identity;

import java.util.UUID;

/** A newly issued API key. {@code key} is the only copy of the secret: show it once, never log it. */
public record IssuedApiKey(UUID id, String key) {

    @Override
    public String toString() {
        return "IssuedApiKey[id=" + id + ", key=***]";
    }
}
