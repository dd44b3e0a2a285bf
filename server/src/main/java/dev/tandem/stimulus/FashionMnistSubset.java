package dev.tandem.stimulus;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Builds the built-in stimulus set {@code stimuli/fashion-mnist/} from the Fashion-MNIST test set
 * (Debian's {@code dataset-fashion-mnist} installs its IDX files, gzipped, in
 * {@value #DEBIAN_IDX_DIRECTORY}): the first {@value #PER_CATEGORY} images of each class in
 * test-set order, as 28×28 grayscale PNGs, and a manifest. The output is the same bytes on every run.
 */
public final class FashionMnistSubset {

    public static final String DEBIAN_IDX_DIRECTORY = "/usr/share/datasets/fashion-mnist";
    public static final int PER_CATEGORY = 30;
    public static final int DISPLAY_SIZE = 224;

    /** Label order of Fashion-MNIST (Xiao, Rasul & Vollgraf 2017). */
    public static final List<String> CATEGORIES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String IMAGES_FILE = "t10k-images-idx3-ubyte";
    private static final String LABELS_FILE = "t10k-labels-idx1-ubyte";
    private static final int IMAGES_MAGIC = 0x0803;
    private static final int LABELS_MAGIC = 0x0801;

    private FashionMnistSubset() {
    }

    /**
     * Writes {@code manifest.json} and {@code images/} into {@code outputFolder}, replacing PNGs
     * left in {@code images/} by an earlier build; other files in the folder are not touched.
     */
    public static void build(Path idxDirectory, Path outputFolder) {
        try {
            byte[][] images = readImages(open(idxDirectory, IMAGES_FILE));
            byte[] labels = readLabels(open(idxDirectory, LABELS_FILE));
            if (images.length != labels.length) {
                throw new IOException(images.length + " test images but " + labels.length + " labels");
            }
            Path imageFolder = outputFolder.resolve("images");
            Files.createDirectories(imageFolder);
            try (Stream<Path> old = Files.list(imageFolder)) {
                for (Path file : old.filter(f -> f.getFileName().toString().endsWith(".png")).toList()) {
                    Files.delete(file);
                }
            }
            List<StimulusManifest.Image> entries = new ArrayList<>();
            for (int label = 0; label < CATEGORIES.size(); label++) {
                int taken = 0;
                for (int index = 0; index < labels.length && taken < PER_CATEGORY; index++) {
                    if (labels[index] != label) {
                        continue;
                    }
                    String file = String.format(Locale.ROOT, "images/%s-%02d.png", slug(CATEGORIES.get(label)), taken);
                    Files.write(outputFolder.resolve(file), PngEncoder.encodeGray(28, 28, images[index]));
                    entries.add(new StimulusManifest.Image(file, CATEGORIES.get(label), index));
                    taken++;
                }
                if (taken < PER_CATEGORY) {
                    throw new IOException("only " + taken + " test images of class " + CATEGORIES.get(label));
                }
            }
            Files.write(outputFolder.resolve(StimulusManifest.FILE_NAME), manifest(entries).prettyJson());
        } catch (IOException e) {
            throw new UncheckedIOException("could not build the Fashion-MNIST subset from " + idxDirectory, e);
        }
    }

    static StimulusManifest manifest(List<StimulusManifest.Image> images) {
        var source = new StimulusManifest.Source(
                "Zalando Fashion-MNIST test set (t10k): the first " + PER_CATEGORY
                        + " images of each class in test-set order; sourceIndex is the index in the test set",
                "Xiao, H., Rasul, K., & Vollgraf, R. (2017). Fashion-MNIST: a Novel Image Dataset for "
                        + "Benchmarking Machine Learning Algorithms. arXiv:1708.07747",
                "https://github.com/zalandoresearch/fashion-mnist");
        return new StimulusManifest("fashion-mnist", "1", source, "MIT", CATEGORIES,
                new StimulusManifest.Display(DISPLAY_SIZE, Upscale.NEAREST), images);
    }

    /** "T-shirt/top" → "t-shirt-top", "Ankle boot" → "ankle-boot" (as the client's data-testids). */
    static String slug(String category) {
        return category.toLowerCase(Locale.ROOT).replaceAll("[ /]+", "-");
    }

    /** The IDX file, gzipped ({@code name.gz}, as Debian ships it) or not. */
    private static DataInputStream open(Path directory, String name) throws IOException {
        Path plain = directory.resolve(name);
        if (Files.exists(plain)) {
            return new DataInputStream(Files.newInputStream(plain));
        }
        Path gzipped = directory.resolve(name + ".gz");
        if (Files.exists(gzipped)) {
            return new DataInputStream(new GZIPInputStream(Files.newInputStream(gzipped)));
        }
        throw new IOException("neither " + plain + " nor " + gzipped + " exists (apt-get install dataset-fashion-mnist)");
    }

    private static byte[][] readImages(DataInputStream in) throws IOException {
        try (in) {
            if (in.readInt() != IMAGES_MAGIC) {
                throw new IOException(IMAGES_FILE + " is not an IDX file of unsigned bytes in 3 dimensions");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int columns = in.readInt();
            if (rows != 28 || columns != 28) {
                throw new IOException(IMAGES_FILE + " holds " + rows + "×" + columns + " images, not 28×28");
            }
            byte[][] images = new byte[count][rows * columns];
            for (byte[] image : images) {
                in.readFully(image);
            }
            return images;
        }
    }

    private static byte[] readLabels(DataInputStream in) throws IOException {
        try (in) {
            if (in.readInt() != LABELS_MAGIC) {
                throw new IOException(LABELS_FILE + " is not an IDX file of unsigned bytes in 1 dimension");
            }
            byte[] labels = new byte[in.readInt()];
            in.readFully(labels);
            return labels;
        }
    }
}
