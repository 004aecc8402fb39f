package imagecache.frontend.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The published images and thumbnails as files directly under IMAGES_DIR ({@code IMAGE_STORE=files}).
 * A file appears under its final name only once it is whole: an image by a hard link to its staged
 * file, a thumbnail by an atomic rename of a temp file.
 */
final class FolderImages implements ImageStore {

    private final Path root;
    private final TempFiles temp;
    private final FullMark full;

    /** New temporary files of this front end, in the folder's volume, so that a rename into it is atomic. */
    @FunctionalInterface
    interface TempFiles {
        Path newFile() throws IOException;
    }

    FolderImages(Path root, TempFiles temp, FullMark full) {
        this.root = root;
        this.temp = temp;
        this.full = full;
    }

    /**
     * Whether uploads can be stored now: the folder is writable, and no upload has failed for lack of
     * space since space was last freed (deleting images frees it; no restart is needed).
     */
    @Override
    public StoreHealth health() {
        long usable;
        try {
            usable = Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            return new StoreHealth(0, "The image store is not readable: " + e.getMessage());
        }
        String problem = !(Files.isDirectory(root) && Files.isWritable(root))
                ? "The image store " + root + " is not writable"
                : full.isFull(usable) ? "The image store is full: " + usable + " bytes free" : null;
        return new StoreHealth(usable, problem);
    }

    /**
     * A hard link to the staged file: it appears whole at once, and the staged file stays until it is
     * discarded, so a write that is tried again can publish it again.
     */
    @Override
    public boolean publish(StagedImage staged) {
        Path target = root.resolve(staged.fileName());
        try {
            if (Files.exists(target)) {
                return false;
            }
            Files.createLink(target, staged.tempFile());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw full.failure(e, "Cannot store " + staged.fileName());
        }
    }

    /** Written to a temp file, then renamed: a reader sees the old file or the new one, never part of one. */
    @Override
    public void put(String name, byte[] bytes, String contentType) {
        Path file = null;
        try {
            file = temp.newFile();
            Files.write(file, bytes);
            Files.move(file, root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            ImageFiles.deleteQuietly(file);
            throw full.failure(e, "Cannot store " + name);
        }
    }

    @Override
    public byte[] readIfPresent(String name) {
        try {
            return Files.readAllBytes(root.resolve(name));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    /** A file that cannot be deleted is logged and left. */
    @Override
    public void delete(String name) {
        ImageFiles.deleteQuietly(root.resolve(name));
    }

    @Override
    public Optional<Path> localFile(String name) {
        Path file = root.resolve(name);
        return Files.exists(file) ? Optional.of(file) : Optional.empty();
    }
}
