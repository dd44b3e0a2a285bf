package dev.tandem.clickme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RepositoryFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevealCompositionTest {

    /** The fixture the web client's test reads too: both sides must produce these bytes. */
    @Test
    void composesTheSharedFixtureExactlyAsTheWebClientDoes() throws IOException {
        JsonNode fixture = new ObjectMapper().readTree(
                RepositoryFiles.root().resolve("web/test/fixtures/clickme-composition.json").toFile());
        for (JsonNode c : fixture.get("cases")) {
            int width = c.get("width").asInt();
            int height = c.get("height").asInt();
            byte[] image = new byte[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    image[y * width + x] = (byte) ((x * 37 + y * 11 + 5) % 256);
                }
            }
            List<Reveal> reveals = new ArrayList<>();
            c.get("reveals").forEach(r -> reveals.add(new Reveal(r.get("x").asInt(), r.get("y").asInt(),
                    r.get("size").asInt(), 0)));
            byte[] expected = new byte[width * height];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (byte) c.get("composed").get(i).asInt();
            }
            byte[] composed = RevealComposition.compose(image, width, height, reveals, c.get("seed").asLong(),
                    new RevealComposition.Noise(c.path("noiseMean").asInt(128), c.get("noiseSd").asInt()));
            assertArrayEquals(expected, composed);
            assertEquals(c.get("checksum").asLong(), RevealComposition.checksum(composed));
        }
    }

    @Test
    void revealedSquaresShowTheImageAndEverythingElseShowsNoise() {
        byte[] image = new byte[10 * 10];
        java.util.Arrays.fill(image, (byte) 7);
        byte[] composed = RevealComposition.compose(image, 10, 10, List.of(new Reveal(5, 5, 4, 0)), 99,
                new RevealComposition.Noise(128, 64));
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 10; x++) {
                boolean inside = x >= 3 && x < 7 && y >= 3 && y < 7;
                int expected = inside ? 7 : RevealComposition.noise(99, y * 10 + x, new RevealComposition.Noise(128, 64));
                assertEquals(expected, composed[y * 10 + x] & 255, "pixel " + x + "," + y);
            }
        }
    }

    /** The RGB case web/test/clickme-composition.test.ts checks too (same image, reveals, seed and checksum). */
    @Test
    void aColourStimulusShowsItsColoursWhereRevealedAndGreyNoiseInEveryChannelElsewhere() {
        int width = 6;
        int height = 5;
        byte[] image = new byte[3 * width * height];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) ((i * 53 + 17) % 256);
        }
        var noise = new RevealComposition.Noise(128, 64);
        byte[] composed = RevealComposition.compose(image, width, height, 3, List.of(new Reveal(2, 2, 2, 0)), 1234,
                noise);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                boolean inside = x >= 1 && x < 3 && y >= 1 && y < 3;
                for (int c = 0; c < 3; c++) {
                    int expected = inside ? image[3 * i + c] & 255 : RevealComposition.noise(1234, i, noise);
                    assertEquals(expected, composed[3 * i + c] & 255, "pixel " + x + "," + y + " channel " + c);
                }
            }
        }
        assertEquals(COLOUR_CHECKSUM, RevealComposition.checksum(composed));
    }

    static final long COLOUR_CHECKSUM = 444_784_961L;

    @Test
    void noiseHasMean128AndTheConfiguredStandardDeviation() {
        double sum = 0;
        double squares = 0;
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            int v = RevealComposition.noise(12345, i, new RevealComposition.Noise(128, 40));
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / n;
        assertEquals(128, mean, 1);
        assertEquals(40, Math.sqrt(squares / n - mean * mean), 1);
    }
}
