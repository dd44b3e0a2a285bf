package dev.tandem.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The comparison dataset as model-vs-human's {@code raw-data/} folder, zipped (issue 11), so their
 * code reads it: one folder per dataset, one CSV per observer and session in it, named as they
 * name theirs ({@code <dataset>/<dataset>_subject-01_session_1.csv} for a person,
 * {@code <dataset>/<dataset>_<model>_session-1.csv} for a model, '_' in a model's name made '-'
 * as their {@code ResultPrinter} does), columns {@code subj,session,trial,rt,object_response,
 * category,condition,imagename}.
 *
 * <ul>
 *   <li>Datasets: an imported row keeps its published dataset; an experiment's row belongs to
 *       {@code <experiment>-<manipulation>[-<level>]} ({@link ComparisonRow#dataset()}), whose
 *       condition is the requested duration in ms ("33"), one value per cell as their
 *       {@code condition} column holds; imported rows keep their published condition.</li>
 *   <li>Subjects: model-vs-human counts anyone whose {@code subj} starts with "subject-" as a
 *       person and everyone else as a model, so Tandem's sessions are numbered
 *       {@code subject-01}, {@code subject-02}, … in the order the export meets them; the key
 *       ({@code subjects.tsv}, beside the dataset folders, where their code reads no CSV) maps
 *       each number back to its session id.</li>
 *   <li>Models: one row per (image, condition) of a dataset: a model's answer depends on the
 *       stimulus bytes alone, so it is written once however many people saw that stimulus.</li>
 *   <li>Images: an experiment's {@code imagename} is {@code <trial>_<dataset>_<sha256>.png}; their
 *       {@code get_short_imagename} keeps the part after the last '_', the stimulus hash, which
 *       pairs people and models on the same bytes.</li>
 * </ul>
 *
 * Rows arrive grouped by observer; each file is spilled to a temporary folder and the files are
 * zipped in name order at the end, so memory holds no more than one observer's model cells.
 */
final class MvhLayoutWriter implements ExportWriter {

    static final String HEADER = "subj,session,trial,rt,object_response,category,condition,imagename";

    /** A file being written: its spill file and the trials written to it. */
    private static final class File {
        final Writer writer;
        int trials;

        File(Writer writer) {
            this.writer = writer;
        }
    }

    private final ZipOutputStream zip;
    private final Path spill;
    private final Map<String, File> open = new HashMap<>();
    private final Set<String> entries = new TreeSet<>();
    private final Map<String, String> subjects = new LinkedHashMap<>();
    private final Set<String> modelCells = new HashSet<>();
    private String observer;

    MvhLayoutWriter(OutputStream out) throws IOException {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        this.spill = Files.createTempDirectory("tandem-mvh");
    }

    @Override
    public void write(Object[] values) throws IOException {
        ComparisonRow r = ComparisonRow.of(values);
        boolean imported = r.observerKind().equals("imported");
        String key = r.observerKind() + ":" + r.observerId();
        if (!key.equals(observer)) {
            closeOpenFiles();
            modelCells.clear();
            observer = key;
        }
        boolean human = imported ? r.observerId().startsWith("subject-") : r.observerKind().equals("human");
        String subject = !imported && human ? subjects.computeIfAbsent(r.observerId(), id -> subjectNumber(subjects.size() + 1))
                : r.observerId();
        String dataset = clean(r.dataset());
        String condition = imported ? r.level() : String.valueOf(r.requestedMs());
        if (!imported && !human && !modelCells.add(dataset + "\n" + condition + "\n" + r.stimulusSha256())) {
            return; // this model's answer on these bytes in this condition is written already
        }
        String session = imported ? r.session() : "1";
        String file = human ? dataset + "_" + clean(subject) + "_session_" + clean(session) + ".csv"
                : dataset + "_" + clean(subject).replace('_', '-') + "_session-" + clean(session) + ".csv";
        File out = open.computeIfAbsent(dataset + "/" + file, this::create);
        int trial = imported ? r.trialIndex() : out.trials + 1;
        out.trials++;
        String imageName = imported ? r.imageName()
                : String.format(Locale.ROOT, "%04d_%s_%s.png", trial, dataset, r.stimulusSha256());
        String line = String.join(",", field(subject), field(session), Integer.toString(trial),
                r.rtMs() == null ? "NaN" : Double.toString(r.rtMs() / 1000), field(r.response() == null ? "na" : r.response()),
                field(r.category()), field(condition), field(imageName));
        out.writer.write(line);
        out.writer.write('\n');
    }

    /** {@code subject-01} … {@code subject-99}, then {@code subject-100} …: at least two digits, as theirs. */
    static String subjectNumber(int n) {
        return String.format(Locale.ROOT, "subject-%02d", n);
    }

    private File create(String entry) {
        try {
            Path path = spill.resolve(entry);
            Files.createDirectories(path.getParent());
            boolean fresh = entries.add(entry);
            Writer writer = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 14);
            if (fresh) {
                writer.write(HEADER);
                writer.write('\n');
            }
            return new File(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeOpenFiles() throws IOException {
        for (File file : open.values()) {
            file.writer.close();
        }
        open.clear();
    }

    /** model-vs-human's files are unquoted; a comma or line break in a value would shift columns. */
    private static String field(String value) {
        return value == null ? "" : value.replace(',', ';').replace('\n', ' ').replace('\r', ' ');
    }

    /** A file or folder name part: letters, digits, '.', '-' and '_' kept, anything else '-'. */
    private static String clean(String name) {
        return name == null ? "none" : name.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    @Override
    public void close() throws IOException {
        try {
            closeOpenFiles();
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                Files.copy(spill.resolve(entry), zip);
                zip.closeEntry();
            }
            if (!subjects.isEmpty()) {
                zip.putNextEntry(new ZipEntry("subjects.tsv"));
                StringBuilder key = new StringBuilder("subject\tsession_id\n");
                subjects.forEach((session, subject) -> key.append(subject).append('\t').append(session).append('\n'));
                zip.write(key.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        } finally {
            try (Stream<Path> paths = Files.walk(spill)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
