package jp.tokuten.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        put(key, out -> {
            out.write(bytes);
            return null;
        });
    }

    /**
     * Writes to a temporary name, forces the bytes to the disk, renames and forces the directory: when
     * this returns, the file survives a crash, so a database row committed after it never names a file
     * that is lost. Forcing each file also spreads the disk writes over the uploads instead of leaving
     * gigabytes of photos for the kernel to write back at once, which stalled every commit for a
     * second or more under a burst (decision 100).
     */
    @Override
    public <T> T put(String key, Writer<T> writer) throws IOException {
        Path file = resolve(key);
        createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".part");
        T result;
        try (FileChannel channel =
                FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            setPermissions(temporary, FILE);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            result = writer.writeTo(out);
            out.flush();
            channel.force(false);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        force(file.getParent());
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
        force(dir.getParent());
    }

    /**
     * Forces a directory's entries to the disk. Windows cannot open a directory as a channel (it answers
     * access denied); there the rename is as durable as the platform makes it.
     */
    private static void force(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
            // no directory handles on this platform
        }
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection has to do
        }
    }
}
