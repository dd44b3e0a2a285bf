package dev.tandem.clickme;

import java.util.List;

/**
 * The partly revealed image, exactly as the participant sees it: revealed pixels show the
 * stimulus, every other pixel shows noise. {@code web/src/plugins/clickme/composition.ts} is the
 * same function line for line; {@code RevealCompositionTest} and the web tests check both against
 * the shared fixture {@code web/test/fixtures/clickme-composition.json}.
 *
 * <p>Noise (a stated equivalent of clip(μ + N(0, σ)), issue 5): for pixel i of a round with
 * seed s, three 32-bit words w_k = h(s XOR h(3i + k)), k = 0..2, with h the "lowbias32" integer
 * hash (C. Wellons, 2018); S = the sum of their 12 bytes (Irwin–Hall: mean 1530, SD ≈ 256, so
 * (S − 1530) / 256 ≈ N(0, 1)); value = clamp(mean + ((sd · (S − 1530) + 128) >> 8), 0, 255).
 * The mean should match the stimuli's background (mid-grey 128 for photographs, 0 for
 * Fashion-MNIST's black), or a partner trained on them sees noise it never saw.
 * Integer arithmetic only, so Java and JavaScript agree to the bit.
 *
 * <p>A reveal (x, y, size) uncovers the square [x − ⌊size/2⌋, x − ⌊size/2⌋ + size) ×
 * [y − ⌊size/2⌋, …), clipped to the image.
 */
public final class RevealComposition {

    private RevealComposition() {}

    /** The composed grey pixels, row-major, {@code width × height}. */
    public static byte[] compose(byte[] grey, int width, int height, List<Reveal> reveals, long seed, Noise noise) {
        return compose(grey, width, height, 1, reveals, seed, noise);
    }

    /**
     * The composed pixels of a grey ({@code channels} 1) or colour (3, interleaved R, G, B)
     * stimulus (issue 10): an unrevealed pixel shows its grey noise value in every channel.
     */
    public static byte[] compose(byte[] pixels, int width, int height, int channels, List<Reveal> reveals, long seed,
                                 Noise noise) {
        if (pixels.length != width * height * channels) {
            throw new IllegalArgumentException("expected " + width * height * channels + " values, got " + pixels.length);
        }
        boolean[] revealed = revealedMask(width, height, reveals);
        byte[] out = new byte[pixels.length];
        int seed32 = (int) seed;
        for (int i = 0; i < revealed.length; i++) {
            byte hidden = revealed[i] ? 0 : (byte) noise(seed32, i, noise);
            for (int c = 0; c < channels; c++) {
                out[i * channels + c] = revealed[i] ? pixels[i * channels + c] : hidden;
            }
        }
        return out;
    }

    /** Which pixels the reveals uncover. */
    public static boolean[] revealedMask(int width, int height, List<Reveal> reveals) {
        boolean[] revealed = new boolean[width * height];
        for (Reveal r : reveals) {
            int x0 = Math.max(0, r.x() - (r.size() >> 1));
            int y0 = Math.max(0, r.y() - (r.size() >> 1));
            int x1 = Math.min(width, r.x() - (r.size() >> 1) + r.size());
            int y1 = Math.min(height, r.y() - (r.size() >> 1) + r.size());
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    revealed[y * width + x] = true;
                }
            }
        }
        return revealed;
    }

    /** The grey level distribution of the noise over unrevealed pixels. */
    public record Noise(int mean, int sd) {}

    /** The noise grey value of pixel {@code index} in a round with this seed. */
    public static int noise(int seed, int index, Noise noise) {
        int sum = 0;
        for (int k = 0; k < 3; k++) {
            int word = lowbias32(seed ^ lowbias32(3 * index + k));
            sum += (word & 255) + ((word >>> 8) & 255) + ((word >>> 16) & 255) + (word >>> 24);
        }
        int value = noise.mean() + ((noise.sd() * (sum - 1530) + 128) >> 8);
        return Math.max(0, Math.min(255, value));
    }

    static int lowbias32(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }

    /** FNV-1a (32 bit) of the pixels: the client sends it with each query to prove what it displayed. */
    public static long checksum(byte[] pixels) {
        int hash = 0x811c9dc5;
        for (byte b : pixels) {
            hash ^= b & 255;
            hash *= 0x01000193;
        }
        return hash & 0xFFFFFFFFL;
    }
}
