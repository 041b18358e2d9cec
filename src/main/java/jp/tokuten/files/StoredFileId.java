package jp.tokuten.files;

import java.util.UUID;

/** Identifies a stored file of the current tenant. */
public record StoredFileId(UUID value) {

    @Override
    public String toString() {
        return value.toString();
    }
}
