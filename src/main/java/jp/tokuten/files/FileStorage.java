package jp.tokuten.files;

import java.io.IOException;

/**
 * Where the bytes of stored files live, by key. The local disk now; an S3-compatible bucket is the
 * other implementation this interface is for.
 */
interface FileStorage {

    void put(String key, byte[] bytes) throws IOException;

    byte[] get(String key) throws IOException;

    void delete(String key) throws IOException;
}
