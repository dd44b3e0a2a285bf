package dev.tandem.stimulus;

import dev.tandem.common.Hashes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

    /** A fixed 64×48 pattern: a diagonal ramp with a bright square. */
    private static byte[] pattern() {
        byte[] grey = new byte[64 * 48];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                boolean square = x >= 20 && x < 40 && y >= 10 && y < 30;
                grey[y * 64 + x] = (byte) (square ? 250 : (x * 3 + y * 2) % 256);
            }
        }
        return grey;
    }

    @Test
    void decodersReadBackExactlyTheGreyValuesWritten() throws Exception {
        byte[] grey = pattern();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PngEncoder.encodeGray(64, 48, grey)));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, decoded.getType());
        byte[] read = new byte[grey.length];
        decoded.getRaster().getDataElements(0, 0, 64, 48, read);
        assertArrayEquals(grey, read);
    }

    @Test
    void theFileHoldsOnlyHeaderDataAndEndChunks() {
        byte[] png = PngEncoder.encodeGray(64, 48, pattern());
        List<String> chunks = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(png, 8, png.length - 8);
        while (buffer.hasRemaining()) {
            int length = buffer.getInt();
            byte[] type = new byte[4];
            buffer.get(type);
            chunks.add(new String(type));
            buffer.position(buffer.position() + length + 4);
        }
        assertEquals(List.of("IHDR", "IDAT", "IEND"), chunks);
    }

    @Test
    void theSameGreyValuesAlwaysGiveTheSameBytes() {
        assertArrayEquals(PngEncoder.encodeGray(64, 48, pattern()), PngEncoder.encodeGray(64, 48, pattern()));
        // Pinned: a change here changes the hash of every stimulus rendered from now on.
        assertEquals("be38a595ce16283420d8629c6679a59493bb756ab81bd9acbd108de2f8b6c864", Hashes.sha256Hex(PngEncoder.encodeGray(64, 48, pattern())));
    }
}
