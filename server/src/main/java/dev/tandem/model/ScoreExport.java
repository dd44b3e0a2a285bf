package dev.tandem.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.common.InvalidInputException;
import dev.tandem.export.CsvWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a model's scores on an experiment (issue 10): one row per scored stimulus with model,
 * stimulus_sha256, image_name, category, manipulation, level, probabilities (category → p, in the
 * experiment's category order), top_k (the model's output indices, best first), decision and
 * correct. CSV spreads the probabilities over columns {@code probabilities.<category>}; JSON Lines
 * carries them as one object.
 */
public final class ScoreExport {

    /** The export's formats ({@code ?format=}). */
    public enum Format {
        /** RFC 4180 CSV with a header; one column per category's probability. */
        CSV("text/csv"),
        /** One JSON object per line; {@code probabilities} is an object. */
        JSONL("application/x-ndjson");

        private final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code csv} or {@code jsonl}, any case; anything else is refused naming the field "format". */
        public static Format parse(String name) {
            for (Format format : values()) {
                if (format.name().equalsIgnoreCase(name)) {
                    return format;
                }
            }
            throw new InvalidInputException("format", "format must be csv or jsonl, got " + name);
        }
    }

    /** One exported row. */
    record Row(String model, String modelVersion, String stimulusSha256, String imageName, String category,
               String manipulation, Double level, Map<String, Double> probabilities, List<Integer> topK,
               String decision, boolean correct) {}

    private static final TypeReference<Map<String, Double>> PROBABILITIES = new TypeReference<>() {};
    private static final List<String> LEADING = List.of("model", "model_version", "stimulus_sha256", "image_name",
            "category", "manipulation", "level");

    private final ObjectMapper json;

    ScoreExport(ObjectMapper json) {
        this.json = json;
    }

    /** A row from a design cell and the stored prediction of its stimulus. */
    Row row(RegisteredModel model, DesignCell cell, ModelOutputRepository.StoredScore score, List<String> categories) {
        Map<String, Double> stored;
        try {
            stored = json.readValue(score.categoryProbabilitiesJson(), PROBABILITIES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored probabilities of " + cell.stimulusSha256() + " are not JSON", e);
        }
        Map<String, Double> probabilities = new LinkedHashMap<>();
        categories.forEach(category -> probabilities.put(category, stored.get(category)));
        return new Row(model.name(), model.version(), cell.stimulusSha256(), cell.imageFile(), cell.category(),
                cell.manipulation(), cell.level(), probabilities, score.topOutputs(), score.decision(),
                score.decision().equals(cell.category()));
    }

    /** Writes rows as they come; {@link #close()} flushes. */
    interface RowWriter extends AutoCloseable {
        void write(Row row);

        @Override
        void close();
    }

    RowWriter open(Format format, List<String> categories, OutputStream out) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        return format == Format.CSV ? csv(writer, categories) : jsonl(writer);
    }

    private static RowWriter csv(Writer writer, List<String> categories) {
        CsvWriter csv = new CsvWriter(writer);
        List<String> header = new ArrayList<>(LEADING);
        categories.forEach(category -> header.add("probabilities." + category));
        header.addAll(List.of("top_k", "decision", "correct"));
        io(() -> csv.row(header));
        return new RowWriter() {
            @Override
            public void write(Row row) {
                List<String> fields = new ArrayList<>(List.of(row.model(), row.modelVersion(), row.stimulusSha256(),
                        row.imageName(), row.category(), row.manipulation(),
                        row.level() == null ? "" : Double.toString(row.level())));
                row.probabilities().values().forEach(p -> fields.add(p == null ? "" : Double.toString(p)));
                fields.add(String.join(" ", row.topK().stream().map(String::valueOf).toList()));
                fields.add(row.decision());
                fields.add(Boolean.toString(row.correct()));
                io(() -> csv.row(fields));
            }

            @Override
            public void close() {
                io(writer::flush);
            }
        };
    }

    private RowWriter jsonl(Writer writer) {
        return new RowWriter() {
            @Override
            public void write(Row row) {
                ObjectNode line = json.createObjectNode();
                line.put("model", row.model());
                line.put("model_version", row.modelVersion());
                line.put("stimulus_sha256", row.stimulusSha256());
                line.put("image_name", row.imageName());
                line.put("category", row.category());
                line.put("manipulation", row.manipulation());
                line.put("level", row.level());
                ObjectNode probabilities = line.putObject("probabilities");
                row.probabilities().forEach(probabilities::put);
                row.topK().forEach(line.putArray("top_k")::add);
                line.put("decision", row.decision());
                line.put("correct", row.correct());
                io(() -> {
                    writer.write(json.writeValueAsString(line));
                    writer.write('\n');
                });
            }

            @Override
            public void close() {
                io(writer::flush);
            }
        };
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
