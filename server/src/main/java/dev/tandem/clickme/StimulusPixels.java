package dev.tandem.clickme;

import dev.tandem.common.NotFoundException;
import dev.tandem.stimulus.StimulusService;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Pixels of rendered stimuli, decoded once and kept for the rounds that follow (LRU): as shown
 * (1 or 3 channels, for the partner's composition) and as grey (for maps and heatmaps).
 */
public final class StimulusPixels {

    public record Grey(int width, int height, byte[] values) {}

    /**
     * The stimulus as displayed: {@code channels} 1 (grey) or 3 (interleaved R, G, B). A PNG whose
     * every pixel has R = G = B counts as grey, the rule the browser applies to what it decoded.
     */
    public record Shown(int width, int height, int channels, byte[] values) {}

    private static final int CAPACITY = 1024;

    private final StimulusService stimuli;
    private final Map<String, Grey> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Grey> eldest) {
            return size() > CAPACITY;
        }
    };
    private final Map<String, Shown> shownCache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Shown> eldest) {
            return size() > CAPACITY;
        }
    };

    StimulusPixels(StimulusService stimuli) {
        this.stimuli = stimuli;
    }

    Grey grey(String sha256) {
        synchronized (cache) {
            Grey cached = cache.get(sha256);
            if (cached != null) {
                return cached;
            }
        }
        Grey decoded = decode(stimuli.image(sha256)
                .orElseThrow(() -> new NotFoundException("no stimulus " + sha256)).bytes());
        synchronized (cache) {
            cache.put(sha256, decoded);
        }
        return decoded;
    }

    Shown shown(String sha256) {
        synchronized (shownCache) {
            Shown cached = shownCache.get(sha256);
            if (cached != null) {
                return cached;
            }
        }
        Shown decoded = decodeShown(stimuli.image(sha256)
                .orElseThrow(() -> new NotFoundException("no stimulus " + sha256)).bytes());
        synchronized (shownCache) {
            shownCache.put(sha256, decoded);
        }
        return decoded;
    }

    static Shown decodeShown(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            int width = image.getWidth();
            int height = image.getHeight();
            if (image.getRaster().getNumBands() < 3) {
                Grey grey = decode(png);
                return new Shown(width, height, 1, grey.values());
            }
            Raster raster = image.getRaster();
            byte[] rgb = new byte[3 * width * height];
            int[] row = new int[3 * width];
            boolean grey = true;
            for (int y = 0; y < height; y++) {
                raster.getPixels(0, y, width, 1, row);
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[3 * (y * width + x) + c] = (byte) row[raster.getNumBands() * x + c];
                    }
                }
            }
            for (int i = 0; i < width * height && grey; i++) {
                grey = rgb[3 * i] == rgb[3 * i + 1] && rgb[3 * i + 1] == rgb[3 * i + 2];
            }
            if (!grey) {
                return new Shown(width, height, 3, rgb);
            }
            byte[] values = new byte[width * height];
            for (int i = 0; i < values.length; i++) {
                values[i] = rgb[3 * i];
            }
            return new Shown(width, height, 1, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Grey values of a rendered stimulus: a grey PNG as stored, a colour one by Rec. 709 luma
     * (0.2125 R + 0.7154 G + 0.0721 B, rounded), as the {@code grayscale} manipulation makes grey.
     */
    static Grey decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            Raster raster = image.getRaster();
            int width = image.getWidth();
            int height = image.getHeight();
            byte[] values = new byte[width * height];
            int bands = raster.getNumBands();
            int[] row = new int[width * bands];
            for (int y = 0; y < height; y++) {
                raster.getPixels(0, y, width, 1, row);
                for (int x = 0; x < width; x++) {
                    int i = x * bands;
                    values[y * width + x] = (byte) (bands < 3 ? row[i]
                            : Math.round(0.2125 * row[i] + 0.7154 * row[i + 1] + 0.0721 * row[i + 2]));
                }
            }
            return new Grey(width, height, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
