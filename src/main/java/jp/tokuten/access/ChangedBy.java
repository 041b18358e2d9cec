package jp.tokuten.access;

import java.util.UUID;

/** Who changed an access setting: a tenant user or a tenant API key, by id (never a secret). */
public record ChangedBy(String kind, UUID id) {

    public static ChangedBy tenantUser(UUID userId) {
        return new ChangedBy("user", userId);
    }

    public static ChangedBy apiKey(UUID keyId) {
        return new ChangedBy("api-key", keyId);
    }

    @Override
    public String toString() {
        return kind + ":" + id;
    }
}
