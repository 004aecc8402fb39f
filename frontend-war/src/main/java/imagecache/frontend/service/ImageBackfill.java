package imagecache.frontend.service;

import static imagecache.frontend.store.DatabaseFailures.call;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageFormat;
import imagecache.frontend.domain.ImageInspector;
import imagecache.frontend.domain.ImageInspector.Dimensions;
import imagecache.frontend.store.ImageFiles;
import imagecache.frontend.store.ImageRepository;
import imagecache.frontend.store.ImageRow;
import imagecache.frontend.store.SchemaMigration;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Once after start, in the background: gives the images stored before widths and heights were kept
 * their width and height (read from each file's header) and their thumbnail. It waits for the
 * database, and a pass the database broke off is started again. Several front ends may run it at
 * once: each write is the same whoever makes it.
 */
@ApplicationScoped
public class ImageBackfill {

    private static final Logger LOG = Logger.getLogger(ImageBackfill.class.getName());
    private static final int BATCH = 100;
    private static final long RETRY_SECONDS = 5;

    @Inject
    ImageRepository repository;

    @Inject
    ImageFiles files;

    @Inject
    ImageThumbnails thumbnails;

    @Inject
    SchemaMigration schema;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> pass;
    private volatile boolean done;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        pass = scheduler.scheduleWithFixedDelay(this::runUnlessDone, 1, RETRY_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (pass != null) {
            pass.cancel(false);
        }
    }

    private void runUnlessDone() {
        if (done || !schema.isMigrated()) {
            return;
        }
        try {
            int filled = run();
            done = true;
            pass.cancel(false);
            if (filled > 0) {
                LOG.info("Read the width and height of " + filled + " images stored before they were kept");
            }
        } catch (RuntimeException e) {
            LOG.warning("Filling in widths, heights and thumbnails broke off (tried again): " + e.getMessage());
        }
    }

    /** One pass over the rows without a width; returns how many got theirs. */
    int run() {
        int filled = 0;
        String after = "";
        for (List<ImageRow> rows; !(rows = batchAfter(after)).isEmpty(); ) {
            for (ImageRow row : rows) {
                if (fill(row)) {
                    filled++;
                }
                after = row.key();
            }
        }
        return filled;
    }

    private List<ImageRow> batchAfter(String after) {
        return call(() -> repository.withoutDimensions(after, BATCH));
    }

    private boolean fill(ImageRow row) {
        ImageFormat format = ImageFormat.ofContentType(row.contentType()).orElse(null);
        if (format == null) {
            return false;
        }
        Dimensions dimensions;
        try {
            dimensions = files.withLocalFile(row.path(), file -> {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    return ImageInspector.inspect(channel, format, Long.MAX_VALUE)
                            .upright();
                }
            });
        } catch (IOException | ImageCacheException e) {
            LOG.warning("Cannot read the header of " + row.path() + " (key '" + row.key() + "'): " + e.getMessage());
            return false;
        }
        if (dimensions == null) {
            return false; // its file is gone: the key was deleted or replaced meanwhile
        }
        call(() -> {
            repository.saveDimensions(row.key(), row.sha256(), (int) dimensions.width(), (int) dimensions.height());
            return null;
        });
        thumbnails.thumbnailOf(row);
        return true;
    }
}
