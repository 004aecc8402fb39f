package imagecache.frontend.domain;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import imagecache.frontend.domain.ImageCacheException.Reason;
import imagecache.frontend.domain.ImageInspector.Dimensions;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageReaderWriterSpi;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.spi.ServiceRegistry;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Makes small upright previews of stored images, in memory bounded by the thumbnail's size rather
 * than the image's: readers skip pixels while decoding (source subsampling), so a 50-megapixel photo
 * never has its full raster in memory. Exception: the WebP reader decodes lossless images, and the
 * alpha channel of lossy ones, whole before subsampling (about 4 bytes a pixel, so 200 MB at 50
 * megapixels); so WebP images of more than 16 megapixels get no thumbnail. Lossy WebP is decoded a row of macroblocks at a
 * time, in memory that grows with the image's width. And a progressive JPEG has all its coefficients
 * (about 3 bytes a pixel) held by the JDK's native decoder, outside the Java heap.
 *
 * <p>Readers and writers are chosen here, per format, rather than through the ImageIO registry: in
 * an application server that registry is shared by the whole JVM and need not see this
 * application's plugins, and other plugins registered there must not change what it decodes.
 */
public final class ThumbnailMaker {

    /** The long side of the thumbnails the application shows. */
    public static final int LONG_SIDE = 256;

    private static final float JPEG_QUALITY = 0.85f;

    /**
     * The most pixels of a WebP image decoded for a thumbnail: its reader holds lossless images (and
     * the alpha of lossy ones) whole, about 4 bytes a pixel, so this keeps one decode near 64 MB.
     * A larger WebP image is stored and served as any other; its thumbnail is the placeholder.
     */
    static final long WEBP_MAX_PIXELS = 16_000_000;

    private final int longSide;
    private final long maxPixels;
    private final Map<ImageFormat, ImageReaderSpi> readers = new EnumMap<>(ImageFormat.class);
    private final ImageWriterSpi jpegWriter;
    private final ImageWriterSpi pngWriter;

    /**
     * @param longSide the most pixels a thumbnail has on its long side
     * @param maxPixels the most pixels (width times height) an image may declare to be decoded at all
     */
    public ThumbnailMaker(int longSide, long maxPixels) {
        if (longSide < 1 || maxPixels < 1) {
            throw new IllegalArgumentException(
                    "The long side and the pixel limit must be positive: " + longSide + ", " + maxPixels);
        }
        this.longSide = longSide;
        this.maxPixels = maxPixels;
        IIORegistry jdk = jdkRegistry();
        ImageReaderSpi jdkJpeg = jdkProvider(jdk, ImageReaderSpi.class, "jpeg.JPEGImageReaderSpi");
        readers.put(ImageFormat.JPEG, robustJpeg(jdkJpeg));
        readers.put(ImageFormat.WEBP, new WebPImageReaderSpi());
        readers.put(ImageFormat.PNG, jdkProvider(jdk, ImageReaderSpi.class, "png.PNGImageReaderSpi"));
        readers.put(ImageFormat.GIF, jdkProvider(jdk, ImageReaderSpi.class, "gif.GIFImageReaderSpi"));
        readers.put(ImageFormat.BMP, jdkProvider(jdk, ImageReaderSpi.class, "bmp.BMPImageReaderSpi"));
        jpegWriter = jdkProvider(jdk, ImageWriterSpi.class, "jpeg.JPEGImageWriterSpi");
        pngWriter = jdkProvider(jdk, ImageWriterSpi.class, "png.PNGImageWriterSpi");
    }

    /**
     * The size a thumbnail of an upright {@code width} x {@code height} image has: it fits in
     * {@code longSide} x {@code longSide}, keeps the image's proportions, is never larger than the
     * image, and has at least one pixel on each side.
     */
    public static Dimensions fit(long width, long height, int longSide) {
        if (width < 1 || height < 1 || longSide < 1) {
            throw new IllegalArgumentException(
                    "Cannot fit " + width + " x " + height + " into a long side of " + longSide);
        }
        long longest = Math.max(width, height);
        if (longest <= longSide) {
            return new Dimensions(width, height);
        }
        double scale = (double) longSide / longest;
        return new Dimensions(
                Math.max(1, Math.min(longSide, Math.round(width * scale))),
                Math.max(1, Math.min(longSide, Math.round(height * scale))));
    }

    /**
     * The thumbnail of the whole, already-inspected image in {@code file} of the sniffed
     * {@code format}: a PNG when it shows any transparency, else a JPEG.
     *
     * @throws ImageCacheException {@link Reason#UNSUPPORTED_MEDIA} when the image cannot be decoded,
     *     {@link Reason#TOO_LARGE} when it declares more than the maximum pixels (found before any
     *     pixel is decoded)
     * @throws IOException when the file cannot be read
     */
    public Thumbnail make(Path file, ImageFormat format) throws IOException {
        int orientation = format == ImageFormat.JPEG ? jpegOrientation(file) : ExifOrientation.UPRIGHT;
        Decoded decoded = decode(file, format);
        Dimensions size = fit(decoded.width(), decoded.height(), longSide);
        BufferedImage scaled = scale(decoded.image(), (int) size.width(), (int) size.height());
        boolean transparent = showsTransparency(scaled);
        BufferedImage output = convert(scaled, transparent ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        return encode(ExifOrientation.apply(output, orientation), transparent ? ImageFormat.PNG : ImageFormat.JPEG);
    }

    /** A decoded (possibly subsampled) image, and the full size its file declares. */
    private record Decoded(BufferedImage image, int width, int height) {}

    private static int jpegOrientation(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return ImageInspector.inspect(channel, ImageFormat.JPEG, Long.MAX_VALUE)
                    .orientation();
        }
    }

    private Decoded decode(Path file, ImageFormat format) throws IOException {
        ImageReader reader = readers.get(format).createReaderInstance();
        try (ImageInputStream input = new FileImageInputStream(file.toFile())) {
            // metadata is not needed (EXIF is parsed by the inspector) and skipping it keeps text
            // chunks, which the PNG reader would inflate whole, out of memory
            reader.setInput(input, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if ((long) width * height > maxPixels) {
                throw new ImageCacheException(
                        Reason.TOO_LARGE,
                        "Image is too large: " + width + " x " + height + " pixels, at most " + maxPixels / 1_000_000
                                + " megapixels");
            }
            if (format == ImageFormat.WEBP && (long) width * height > WEBP_MAX_PIXELS) {
                throw new ImageCacheException(
                        Reason.UNSUPPORTED_MEDIA,
                        "No thumbnail for a WebP image of more than " + WEBP_MAX_PIXELS / 1_000_000
                                + " megapixels: its reader would hold it whole");
            }
            ImageReadParam param = reader.getDefaultReadParam();
            // keeps every n-th pixel of every n-th row, so the decoded long side is under 4 x longSide
            int step = Math.max(1, Math.max(width, height) / (2 * longSide));
            param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage image = reader.read(0, param);
            return new Decoded(image, width, height);
        } catch (ImageCacheException e) {
            throw e;
        } catch (IIOException | EOFException | RuntimeException e) {
            // the PNG reader wraps whatever its decoder throws, running out of memory included,
            // and that is the server's trouble, not the image's
            Causes.chain(e)
                    .filter(VirtualMachineError.class::isInstance)
                    .findFirst()
                    .ifPresent(error -> {
                        throw (VirtualMachineError) error;
                    });
            // a reader reports a damaged or unusual image with these, also with unchecked exceptions
            // from deep in its decoder; the caller shows a placeholder instead
            throw new ImageCacheException(
                    Reason.UNSUPPORTED_MEDIA,
                    "Cannot decode the " + format.name() + " image: " + Causes.rootMessage(e),
                    e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * Scales down by at most half per step, bilinearly, so every source pixel contributes (one
     * bilinear step to a far smaller size would sample a few pixels and alias).
     */
    private static BufferedImage scale(BufferedImage source, int width, int height) {
        // premultiplied, so the colour of transparent pixels does not bleed into their neighbours
        int type = source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_RGB;
        BufferedImage current = source;
        do {
            int nextWidth = Math.max(width, current.getWidth() / 2);
            int nextHeight = Math.max(height, current.getHeight() / 2);
            BufferedImage next = new BufferedImage(nextWidth, nextHeight, type);
            Graphics2D graphics = next.createGraphics();
            try {
                graphics.setComposite(AlphaComposite.Src);
                graphics.setRenderingHint(
                        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                graphics.drawImage(current, 0, 0, nextWidth, nextHeight, null);
            } finally {
                graphics.dispose();
            }
            current = next;
        } while (current.getWidth() != width || current.getHeight() != height);
        return current;
    }

    /**
     * Decided by the pixels rather than by the presence of an alpha channel: many opaque images
     * (screenshots, exported photos) carry one, and as JPEGs their thumbnails are far smaller.
     */
    private static boolean showsTransparency(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return false;
        }
        int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int pixel : argb) {
            if (pixel >>> 24 != 0xFF) {
                return true;
            }
        }
        return false;
    }

    /** The JPEG writer needs an image without alpha: with one, it writes colours other readers get wrong. */
    private static BufferedImage convert(BufferedImage image, int type) {
        BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D graphics = converted.createGraphics();
        try {
            graphics.setComposite(AlphaComposite.Src);
            graphics.drawImage(image, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return converted;
    }

    private Thumbnail encode(BufferedImage image, ImageFormat format) throws IOException {
        ImageWriter writer = (format == ImageFormat.JPEG ? jpegWriter : pngWriter).createWriterInstance();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == ImageFormat.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(JPEG_QUALITY);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return new Thumbnail(bytes.toByteArray(), format, image.getWidth(), image.getHeight());
    }

    /**
     * The TwelveMonkeys JPEG reader (it also reads CMYK, YCCK and slightly damaged JPEGs) decodes
     * through the JDK's reader, which it looks up by class name in the registry it is registered
     * with; a registry of its own gives it that reader without touching the JVM-wide one.
     */
    private static ImageReaderSpi robustJpeg(ImageReaderSpi jdkJpeg) {
        ServiceRegistry registry =
                new ServiceRegistry(List.<Class<?>>of(ImageReaderSpi.class).iterator());
        registry.registerServiceProvider(jdkJpeg, ImageReaderSpi.class);
        JPEGImageReaderSpi robust = new JPEGImageReaderSpi();
        registry.registerServiceProvider(robust, ImageReaderSpi.class);
        // without its delegate it deregisters itself
        if (!registry.contains(robust)) {
            throw new IllegalStateException("The TwelveMonkeys JPEG reader did not find the JDK's JPEG reader");
        }
        return robust;
    }

    /**
     * The JVM-wide registry, which always holds the JDK's own readers and writers. Created by the
     * first use of ImageIO in the JVM, it then registers the plugins its thread's context class
     * loader sees; were that this application's, they would stay registered, and keep the
     * application's classes loaded, after it is undeployed.
     */
    private static IIORegistry jdkRegistry() {
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            return IIORegistry.getDefaultInstance();
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    /** The JDK's provider of the class {@code com.sun.imageio.plugins.<name>} (a name only: the package is internal). */
    private static <T extends ImageReaderWriterSpi> T jdkProvider(
            IIORegistry registry, Class<T> category, String name) {
        String className = "com.sun.imageio.plugins." + name;
        Iterator<T> providers = registry.getServiceProviders(category, false);
        while (providers.hasNext()) {
            T provider = providers.next();
            if (provider.getClass().getName().equals(className)) {
                return provider;
            }
        }
        throw new IllegalStateException("The JDK's " + className + " is not registered");
    }
}
