package imagecache.frontend.it;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import javax.imageio.ImageIO;

/** Real images made on the fly, different for every seed. */
public final class TestImages {

    private TestImages() {}

    /** The SHA-256 of {@code bytes} in lower-case hex, as the server names a stored image by. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] png(int width, int height, long seed) {
        return encode("png", width, height, seed, BufferedImage.TYPE_INT_ARGB);
    }

    public static byte[] jpeg(long seed) {
        return encode("jpg", 64, 48, seed, BufferedImage.TYPE_INT_RGB);
    }

    public static byte[] gif(long seed) {
        return encode("gif", 40, 30, seed, BufferedImage.TYPE_INT_RGB);
    }

    public static byte[] bmp(long seed) {
        return encode("bmp", 20, 10, seed, BufferedImage.TYPE_INT_RGB);
    }

    /** A JPEG that looks like a landscape photograph: a sky-to-ground gradient, a sun and hills. */
    public static byte[] photo(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        Color sky = Color.getHSBColor(random.nextFloat(), 0.35f + 0.3f * random.nextFloat(), 0.95f);
        Color ground = Color.getHSBColor(random.nextFloat(), 0.5f, 0.45f + 0.3f * random.nextFloat());
        g.setPaint(new java.awt.GradientPaint(0, 0, sky, 0, height, sky.darker()));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(255, 230, 150));
        int sun = height / 5 + random.nextInt(height / 5);
        g.fillOval(random.nextInt(width - sun), random.nextInt(height / 3), sun, sun);
        for (int hill = 0; hill < 3; hill++) {
            g.setColor(hill == 2 ? ground : ground.brighter());
            int top = height / 2 + hill * height / 8 + random.nextInt(height / 8);
            g.fillOval(random.nextInt(width) - width / 2, top, width + random.nextInt(width), height);
        }
        g.dispose();
        return write(image, "jpg");
    }

    /** A PNG of random pixels: about 4 bytes per pixel, since noise does not compress. */
    public static byte[] noisyPng(int approximateBytes, long seed) {
        int side = (int) Math.ceil(Math.sqrt(approximateBytes / 4.0));
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
        Random random = new Random(seed);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return write(image, "png");
    }

    /** A lossless WebP file: RIFF header, "WEBP", then a VP8L chunk of a 1x1 image. */
    public static byte[] webp() {
        // spotless:off (one byte per line would hide the header's layout)
        return new byte[] {'R', 'I', 'F', 'F', 26, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L', 13, 0, 0, 0,
            0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, (byte) 0x88, (byte) 0x88, (byte) 0xfe, 0x07, 0};
        // spotless:on
    }

    private static byte[] encode(String format, int width, int height, long seed, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        Random random = new Random(seed);
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillOval(random.nextInt(width), random.nextInt(height), width / 2 + 1, height / 2 + 1);
        g.dispose();
        return write(image, format);
    }

    private static byte[] write(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
