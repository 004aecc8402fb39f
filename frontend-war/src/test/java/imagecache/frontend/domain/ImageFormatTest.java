package imagecache.frontend.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFormatTest {

    @ParameterizedTest
    @CsvSource({"png,PNG", "jpg,JPEG", "gif,GIF", "bmp,BMP"})
    void recognisesRealImagesWrittenByImageIo(String writer, ImageFormat expected) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB), writer, out);
        assertEquals(expected, ImageFormat.sniff(out.toByteArray()).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"RIFF\u0000\u0000\u0000\u0000WEBPVP8 "})
    void recognisesWebp(String header) {
        assertEquals(
                ImageFormat.WEBP,
                ImageFormat.sniff(header.getBytes(StandardCharsets.ISO_8859_1)).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "hello world",
                "<html><body>",
                "<svg xmlns='http://www.w3.org/2000/svg'/>",
                "RIFF\u0000\u0000\u0000\u0000WAVEfmt ",
                "BM but not a bitmap",
                "GIF87",
                "\u0089PNG"
            })
    void refusesEverythingElse(String content) {
        assertTrue(
                ImageFormat.sniff(content.getBytes(StandardCharsets.ISO_8859_1)).isEmpty(), content);
    }

    @ParameterizedTest
    @CsvSource({
        "PNG,image/png,png",
        "JPEG,image/jpeg,jpg",
        "GIF,image/gif,gif",
        "WEBP,image/webp,webp",
        "BMP,image/bmp,bmp"
    })
    void eachFormatHasItsTypeAndExtension(ImageFormat format, String type, String extension) {
        assertEquals(type, format.contentType());
        assertEquals(extension, format.extension());
    }
}
