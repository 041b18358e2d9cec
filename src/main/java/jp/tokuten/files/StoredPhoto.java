package jp.tokuten.files;

/**
 * A photo kept for the current tenant: its id, what it is and the SHA-256 (hex) of the stored bytes.
 */
public record StoredPhoto(StoredFileId id, String contentType, long sizeBytes, String sha256, int width, int height) {}
