package imagecache.cache;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An item a node hands to the key's new owner when the grid moves the key's partition, and the
 * form a batch of them travels in: a count, then per item its key, its tag ("" for none), the
 * length of its value and the value.
 */
public record HandedOffEntry(String key, byte[] value, String tag) {

    public HandedOffEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public static void write(List<HandedOffEntry> entries, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(entries.size());
        for (HandedOffEntry entry : entries) {
            data.writeUTF(entry.key);
            data.writeUTF(entry.tag == null ? "" : entry.tag);
            data.writeInt(entry.value.length);
            data.write(entry.value);
        }
        data.flush();
    }

    /** Reads a batch; refuses one whose count or lengths do not fit {@code maxBytes} of values. */
    public static List<HandedOffEntry> read(InputStream in, long maxBytes) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int count = data.readInt();
        if (count < 0) {
            throw new IOException("A handoff of " + count + " items");
        }
        List<HandedOffEntry> entries = new ArrayList<>(Math.min(count, 4096));
        long total = 0;
        for (int i = 0; i < count; i++) {
            String key = data.readUTF();
            String tag = data.readUTF();
            int length = data.readInt();
            total += length;
            if (length < 0 || total > maxBytes) {
                throw new IOException("A handoff larger than " + maxBytes + " bytes");
            }
            byte[] value = data.readNBytes(length);
            if (value.length != length) {
                throw new EOFException("A handoff cut short in item " + (i + 1) + " of " + count);
            }
            entries.add(new HandedOffEntry(key, value, tag.isEmpty() ? null : tag));
        }
        return entries;
    }
}
