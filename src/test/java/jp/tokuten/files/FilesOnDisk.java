package jp.tokuten.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Counts what the storage keeps on disk, to show that a refused or failed request left nothing. */
public final class FilesOnDisk {

    private FilesOnDisk() {}

    /** Files under the storage directory, of every tenant; {@code .part} files included. */
    public static long count(StoredFiles files) {
        return count(files.directory());
    }

    /** Files of one tenant. */
    public static long count(StoredFiles files, Object tenant) {
        return count(files.directory().resolve(tenant.toString()));
    }

    private static long count(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
