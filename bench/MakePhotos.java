import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes N distinct photo-sized JPEGs (WIDTH x HEIGHT, quality 0.9): gradients, shapes and grain, so
 * that they decode, compress and scale like photographs, unlike make_images.py's random bytes.
 *
 * <p>Usage: java bench/MakePhotos.java DIR N WIDTH HEIGHT
 */
public final class MakePhotos {

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        int width = Integer.parseInt(args[2]);
        int height = Integer.parseInt(args[3]);
        for (int i = 0; i < count; i++) {
            write(photo(width, height, new Random(i)), dir.resolve(String.format("p%04d", i)));
        }
    }

    private static BufferedImage photo(int width, int height, Random random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, color(random), width, height, color(random)));
        g.fillRect(0, 0, width, height);
        for (int s = 0; s < 40; s++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 120));
            int w = random.nextInt(width / 3) + 10;
            int h = random.nextInt(height / 3) + 10;
            g.fillOval(random.nextInt(width), random.nextInt(height), w, h);
        }
        g.dispose();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int grain = random.nextInt(17) - 8;
                row[x] = clamp((row[x] >> 16 & 0xFF) + grain) << 16
                        | clamp((row[x] >> 8 & 0xFF) + grain) << 8
                        | clamp((row[x] & 0xFF) + grain);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private static Color color(Random random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }

    private static void write(BufferedImage image, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
