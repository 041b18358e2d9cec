package jp.tokuten.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Counts the files and bytes under a folder (a tenant's exports). */
final class StoredFilesUsage {

    private StoredFilesUsage() {}

    /** {files, bytes} under {@code folder}; zeros when it does not exist. */
    static long[] of(Path folder) {
        long[] counts = new long[2];
        if (!Files.isDirectory(folder)) {
            return counts;
        }
        try (var paths = Files.walk(folder)) {
            paths.filter(Files::isRegularFile).forEach(f -> {
                counts[0]++;
                try {
                    counts[1] += Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return counts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
