package imagecache.frontend.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64BlockOutputStreamTest {

    private static final int BLOCK = 3 * 8192;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, BLOCK - 1, BLOCK, BLOCK + 1, BLOCK + 2, 3 * BLOCK + 2, 102_400})
    void writesWhatTheJdkEncoderWritesWhateverTheWriteSizes(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        String expected = Base64.getEncoder().encodeToString(data);
        for (int chunk : new int[] {1, 7, 4096, 32 * 1024, Math.max(size, 1)}) {
            assertEquals(expected, encode(data, chunk), "size " + size + " in writes of " + chunk);
        }
        assertEquals(expected.length(), Base64BlockOutputStream.encodedLength(size));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, BLOCK + 1})
    void singleByteWritesToo(int size) throws IOException {
        byte[] data = new byte[size];
        new Random(-size).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Base64BlockOutputStream base64 = new Base64BlockOutputStream(out)) {
            for (byte b : data) {
                base64.write(b);
            }
        }
        assertEquals(Base64.getEncoder().encodeToString(data), out.toString(StandardCharsets.US_ASCII));
    }

    private static String encode(byte[] data, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Base64BlockOutputStream base64 = new Base64BlockOutputStream(out)) {
            for (int offset = 0; offset < data.length; offset += chunk) {
                base64.write(data, offset, Math.min(chunk, data.length - offset));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
