package dev.tandem.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Labelled images in the IDX format of MNIST and Fashion-MNIST (LeCun et al.; Xiao, Rasul &
 * Vollgraf 2017): unsigned bytes, row-major, 0 = background.
 *
 * @param count number of images
 * @param rows image height
 * @param columns image width
 * @param pixels {@code count × rows × columns} bytes
 * @param labels {@code count} class indices
 */
record IdxImages(int count, int rows, int columns, byte[] pixels, byte[] labels) {

    private static final int IMAGES_MAGIC = 0x0803;
    private static final int LABELS_MAGIC = 0x0801;

    /** Reads {@code <prefix>-images-idx3-ubyte[.gz]} and {@code <prefix>-labels-idx1-ubyte[.gz]}. */
    static IdxImages read(Path folder, String prefix) throws IOException {
        Path images = existing(folder, prefix + "-images-idx3-ubyte");
        Path labels = existing(folder, prefix + "-labels-idx1-ubyte");
        try (DataInputStream imageIn = open(images); DataInputStream labelIn = open(labels)) {
            expectMagic(imageIn, IMAGES_MAGIC, images);
            int count = imageIn.readInt();
            int rows = imageIn.readInt();
            int columns = imageIn.readInt();
            expectMagic(labelIn, LABELS_MAGIC, labels);
            int labelCount = labelIn.readInt();
            if (labelCount != count) {
                throw new IOException(images + " holds " + count + " images but " + labels
                        + " holds " + labelCount + " labels");
            }
            byte[] pixels = new byte[Math.multiplyExact(count, rows * columns)];
            imageIn.readFully(pixels);
            byte[] labelBytes = new byte[count];
            labelIn.readFully(labelBytes);
            return new IdxImages(count, rows, columns, pixels, labelBytes);
        }
    }

    int label(int index) {
        return labels[index] & 0xff;
    }

    /** Writes image {@code index} scaled to [0, 1] into {@code target} at {@code offset}. */
    void copyScaled(int index, float[] target, int offset) {
        int size = rows * columns;
        int start = index * size;
        for (int i = 0; i < size; i++) {
            target[offset + i] = (pixels[start + i] & 0xff) / 255f;
        }
    }

    private static Path existing(Path folder, String name) throws IOException {
        Path gz = folder.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = folder.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new IOException("No " + name + "[.gz] in " + folder
                + " (on Debian: apt-get install dataset-fashion-mnist)");
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }

    private static void expectMagic(DataInputStream in, int magic, Path file) throws IOException {
        int found = in.readInt();
        if (found != magic) {
            throw new IOException(file + " is not an IDX file of the expected kind (magic "
                    + Integer.toHexString(found) + ")");
        }
    }
}
