package jp.tokuten.files;

import java.io.IOException;

/**
 * Where the bytes of stored files live, by key. The local disk now; an S3-compatible bucket is the
 * other implementation this interface is for.
 */
interface FileStorage {

    void put(String key, byte[] bytes) throws IOException;

    /** What writes a file's bytes as they come; whatever it throws leaves no file behind. */
    interface Writer<T> {
        T writeTo(java.io.OutputStream out) throws IOException;
    }

    /** Stores what {@code writer} writes under {@code key}, all or nothing, and returns what it returned. */
    <T> T put(String key, Writer<T> writer) throws IOException;

    byte[] get(String key) throws IOException;

    void delete(String key) throws IOException;
}
