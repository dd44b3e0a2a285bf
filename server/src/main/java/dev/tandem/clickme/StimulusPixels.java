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

/** Grey pixels of rendered stimuli, decoded once and kept for the rounds that follow (LRU). */
public final class StimulusPixels {

    public record Grey(int width, int height, byte[] values) {}

    private static final int CAPACITY = 1024;

    private final StimulusService stimuli;
    private final Map<String, Grey> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Grey> eldest) {
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

    /** Rendered stimuli are 8-bit grey PNGs; a colour image is read as its first band. */
    static Grey decode(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            Raster raster = image.getRaster();
            int width = image.getWidth();
            int height = image.getHeight();
            byte[] values = new byte[width * height];
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, row);
                for (int x = 0; x < width; x++) {
                    values[y * width + x] = (byte) row[x];
                }
            }
            return new Grey(width, height, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
