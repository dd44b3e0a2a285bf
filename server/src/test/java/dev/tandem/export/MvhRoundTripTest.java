package dev.tandem.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.TestDatabase;
import dev.tandem.analysis.ImportedStudyRepository;
import dev.tandem.analysis.MvhImportService;
import dev.tandem.analysis.mvh.MvhCsvReader;
import dev.tandem.common.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Published model-vs-human data (edge and silhouette, whose model rows the old single-file layout
 * made indistinguishable) imports, exports back as their raw-data folder, and reads back, through
 * {@link MvhLayoutCheck}, as the same files with the same rows (issue 11).
 */
class MvhRoundTripTest {

    /** edge and silhouette; {@code -Dmvh.datasets=all} (or a comma list) runs the round trip over more. */
    private static List<String> datasets(Path published) throws IOException {
        String chosen = System.getProperty("mvh.datasets", "edge,silhouette");
        if (!chosen.equals("all")) {
            return List.of(chosen.split(","));
        }
        try (Stream<Path> folders = Files.list(published)) {
            return folders.filter(Files::isDirectory).map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** {@code shared/reference/model-vs-human/raw-data} in an ancestor of the working folder; skipped without it. */
    private static Path published() {
        Path relative = Path.of("shared", "reference", "model-vs-human", "raw-data");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        Assumptions.abort("model-vs-human reference data not found beside the checkout");
        throw new AssertionError("unreachable");
    }

    @Test
    void publishedDatasetsComeBackAsTheSameFilesWithTheSameRows(@TempDir Path temp) throws IOException {
        Path published = published();
        Path input = Files.createDirectories(temp.resolve("in"));
        List<String> datasets = datasets(published);
        for (String dataset : datasets) {
            Path folder = Files.createDirectories(input.resolve(dataset));
            try (Stream<Path> files = Files.list(published.resolve(dataset))) {
                for (Path file : files.toList()) {
                    Files.copy(file, folder.resolve(file.getFileName()));
                }
            }
        }
        DSLContext ctx = TestDatabase.freshDsl();
        var report = new MvhImportService(ctx, new ImportedStudyRepository(), new MvhCsvReader())
                .importDirectory(input, "two");
        assertEquals(List.of(), report.rejected());

        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        new ComparisonExportService(ctx, new ComparisonRepository())
                .export(ExportFilter.study("two"), ExportLayout.COMPARISON, ExportFormat.MVH, zip, Progress.NONE);
        Path exported = MvhLayoutCheck.unzip(zip.toByteArray(), Files.createDirectories(temp.resolve("out")));

        var theirs = MvhLayoutCheck.read(input);
        var ours = MvhLayoutCheck.read(exported);
        assertEquals(List.of(), theirs.problems(), "the check accepts the published files");
        assertEquals(List.of(), ours.problems());
        int files = 0;
        int rows = 0;
        int rtText = 0;
        for (String dataset : datasets) {
            List<String> names = names(input.resolve(dataset));
            assertEquals(names, names(exported.resolve(dataset)), dataset + ": one file per observer, named as theirs");
            for (String name : names) {
                List<String> before = Files.readAllLines(input.resolve(dataset).resolve(name), StandardCharsets.UTF_8);
                List<String> after = Files.readAllLines(exported.resolve(dataset).resolve(name), StandardCharsets.UTF_8);
                assertEquals(before.size(), after.size(), name);
                for (int i = 0; i < before.size(); i++) {
                    rtText += assertSameRow(name + " line " + (i + 1), before.get(i), after.get(i)) ? 1 : 0;
                }
                files++;
                rows += before.size() - 1;
            }
        }
        assertTrue(files >= 20, files + " files compared");
        System.out.printf("model-vs-human round trip: %d datasets, %d files, %d rows: same file names, same rows"
                + " (header compared lower-cased, as their reader reads it; rt as a number: %d rt texts differ,"
                + " equal to 1e-12)%n", datasets.size(), files, rows, rtText);
        assertEquals(theirs.datasets().get("edge").size(), ours.datasets().get("edge").size());
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Fields equal as text, rt (column 4) equal as a number (true where its text differs) (seconds survive as ms and back to
     * 1e-12); the header lower-cased (some published files say "Session"; their reader lower-cases).
     */
    private static boolean assertSameRow(String where, String before, String after) {
        boolean header = before.toLowerCase(java.util.Locale.ROOT).startsWith("subj,");
        String[] b = (header ? before.toLowerCase(java.util.Locale.ROOT) : before).split(",", -1);
        String[] a = after.split(",", -1);
        assertEquals(b.length, a.length, where);
        boolean rtText = false;
        for (int i = 0; i < b.length; i++) {
            if (i == 3 && !header && !b[i].equals("NaN")) {
                assertEquals(Double.parseDouble(b[i]), Double.parseDouble(a[i]), 1e-12, where + ": " + after);
                rtText = !b[i].equals(a[i]);
            } else {
                assertEquals(b[i], a[i], where + ": " + after);
            }
        }
        return rtText;
    }
}
