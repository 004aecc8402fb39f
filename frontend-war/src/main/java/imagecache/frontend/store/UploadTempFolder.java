package imagecache.frontend.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The temp files of uploads in progress ({@code IMAGES_DIR/.tmp}), which several front ends may
 * share. Each front end names its temp files after an id of its own and holds an OS lock (shared) on
 * {@code IMAGES_DIR/.uploaders/<id>.lock} while it runs; a crash releases the lock. At start a front
 * end deletes every temp file whose owner holds no lock any more, and leaves the others' alone.
 */
final class UploadTempFolder implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UploadTempFolder.class.getName());
    private static final String LOCK = ".lock";

    private final Path temp;
    private final Path owners;
    private final String id = UUID.randomUUID().toString();
    private FileChannel lockChannel;

    UploadTempFolder(Path root) {
        this.temp = root.resolve(".tmp");
        this.owners = root.resolve(".uploaders");
    }

    /** Deletes what crashed front ends left, then holds this front end's lock. */
    void open() throws IOException {
        Files.createDirectories(temp);
        Files.createDirectories(owners);
        Set<String> running = runningOwners();
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(temp)) {
            for (Path leftover : leftovers) {
                String name = leftover.getFileName().toString();
                int dot = name.indexOf('.');
                if (dot < 0 || !running.contains(name.substring(0, dot))) {
                    Files.deleteIfExists(leftover);
                }
            }
        }
        // locked before it gets its name, so no other front end ever finds it unlocked; a shared lock
        // on a file open for reading only, so that nothing holds IMAGES_DIR open for writing
        Path pending = Files.createTempFile(owners, "starting-", ".new");
        lockChannel = FileChannel.open(pending, StandardOpenOption.READ);
        lockChannel.lock(0, Long.MAX_VALUE, true);
        Files.move(pending, owners.resolve(id + LOCK), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The ids of front ends that hold their lock now; lock files nobody holds are deleted. */
    private Set<String> runningOwners() throws IOException {
        Set<String> running = new HashSet<>();
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(owners, "*" + LOCK)) {
            for (Path lock : locks) {
                String owner = lock.getFileName().toString().replace(LOCK, "");
                try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    FileLock free = channel.tryLock(); // exclusive: refused while its owner holds its lock
                    if (free == null) {
                        running.add(owner);
                    } else {
                        free.release();
                        Files.deleteIfExists(lock);
                    }
                } catch (OverlappingFileLockException e) {
                    running.add(owner); // held in this same JVM
                }
            }
        }
        return running;
    }

    /** A new temp file of this front end's. */
    Path newFile(FileAttribute<?> permissions) throws IOException {
        Files.createDirectories(temp); // gone if IMAGES_DIR was unwritable at start or removed since
        return Files.createTempFile(temp, id + ".", ".part", permissions);
    }

    @Override
    public void close() {
        if (lockChannel == null) {
            return;
        }
        try {
            Files.deleteIfExists(owners.resolve(id + LOCK));
            lockChannel.close();
        } catch (IOException e) {
            LOG.fine(() -> "Lock file not removed: " + e.getMessage());
        }
    }
}
