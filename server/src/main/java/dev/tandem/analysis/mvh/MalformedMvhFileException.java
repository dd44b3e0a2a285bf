package dev.tandem.analysis.mvh;

import java.nio.file.Path;

/** A model-vs-human CSV that cannot be read; names the file and the 1-based line. */
public final class MalformedMvhFileException extends RuntimeException {

    private final Path file;
    private final int line;

    public MalformedMvhFileException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }
}
