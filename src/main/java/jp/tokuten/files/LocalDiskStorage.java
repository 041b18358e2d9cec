package jp.tokuten.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files under the data directory ({@code tokuten.files.dir}), which no web path serves: owner-only
 * directories, files readable and writable by the owner only and never executable. Keys are random,
 * so names say nothing and cannot be guessed.
 */
final class LocalDiskStorage implements FileStorage {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path root;

    LocalDiskStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Path file = resolve(key);
        createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".part");
        Files.write(temporary, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        setPermissions(temporary, FILE);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public <T> T put(String key, Writer<T> writer) throws IOException {
        Path file = resolve(key);
        createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".part");
        T result;
        try (var out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            setPermissions(temporary, FILE);
            result = writer.writeTo(out);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return result;
    }

    @Override
    public byte[] get(String key) throws IOException {
        return Files.readAllBytes(resolve(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    private Path resolve(String key) {
        if (!key.matches("[0-9a-f-]{36}/[0-9a-f]{2}/[0-9a-f]{32}")) {
            throw new IllegalArgumentException("not a storage key");
        }
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("not a storage key");
        }
        return file;
    }

    private void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return;
        }
        setPermissions(dir, DIRECTORY);
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection has to do
        }
    }
}
