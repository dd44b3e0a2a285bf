package dev.tandem.analysis;

import dev.tandem.TestDatabase;
import dev.tandem.analysis.mvh.MvhCsvReader;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MvhImportServiceTest {

    private static final String HEADER = "subj,session,trial,rt,object_response,category,condition,imagename\n";

    @TempDir
    Path raw;

    private DSLContext ctx;
    private MvhImportService service;

    @BeforeEach
    void setUp() throws IOException {
        ctx = TestDatabase.freshDsl();
        service = new MvhImportService(ctx, new ImportedStudyRepository(), new MvhCsvReader());
        Files.createDirectories(raw.resolve("colour"));
        write("colour/colour_resnet50_session-1.csv", HEADER
                + "resnet50,1,1,NaN,cat,cat,bw,n01_1.png\nresnet50,1,2,NaN,dog,cat,cr,n01_2.png\n");
        write("colour/colour_subject-01_session_1.csv", HEADER
                + "subject-01,1,1,0.5,cat,cat,bw,0001_x_n01_1.png\nsubject-01,1,2,0.7,na,cat,cr,0002_x_n01_2.png\n");
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(raw.resolve(name), content);
    }

    private int trials() {
        return ctx.fetchCount(dev.tandem.db.jooq.Tables.IMPORTED_TRIAL);
    }

    @Test
    void importsEveryFileAsObserversOfTheStudy() {
        MvhImportService.Report report = service.importDirectory(raw, "mvh");
        assertEquals(List.of("colour/colour_resnet50_session-1.csv", "colour/colour_subject-01_session_1.csv"),
                report.imported());
        assertEquals(4, trials());
        assertEquals(2, ctx.fetchCount(dev.tandem.db.jooq.Tables.IMPORTED_TRIAL,
                dev.tandem.db.jooq.Tables.IMPORTED_TRIAL.OBSERVER_KIND.eq("human")));
    }

    @Test
    void reimportingTheSameFilesChangesNothing() {
        service.importDirectory(raw, "mvh");
        MvhImportService.Report again = service.importDirectory(raw, "mvh");
        assertEquals(2, again.unchanged().size());
        assertEquals(List.of(), again.imported());
        assertEquals(4, trials());
    }

    @Test
    void aMalformedRowRejectsItsWholeFileWithFileAndLine() throws IOException {
        write("colour/colour_subject-02_session_1.csv", HEADER
                + "subject-02,1,1,0.5,cat,cat,bw,0001_x_n01_1.png\nsubject-02,1,2,0.5,cat\n");
        MvhImportService.Report report = service.importDirectory(raw, "mvh");
        assertEquals(1, report.rejected().size());
        assertTrue(report.rejected().get(0).contains("colour_subject-02_session_1.csv:3: expected 8 fields"),
                report.rejected().get(0));
        assertEquals(2, report.imported().size(), "the other files are imported");
        assertEquals(0, ctx.fetchCount(dev.tandem.db.jooq.Tables.IMPORTED_TRIAL,
                dev.tandem.db.jooq.Tables.IMPORTED_TRIAL.SUBJECT.eq("subject-02")));
    }

    @Test
    void aChangedFileReplacesItsTrials() throws IOException {
        service.importDirectory(raw, "mvh");
        write("colour/colour_resnet50_session-1.csv", HEADER + "resnet50,1,1,NaN,cat,cat,bw,n01_1.png\n");
        MvhImportService.Report report = service.importDirectory(raw, "mvh");
        assertEquals(List.of("colour/colour_resnet50_session-1.csv"), report.replaced());
        assertEquals(3, trials());
    }

    @Test
    void theBenchmarkOfAnUnknownStudyIsEmpty() {
        assertTrue(new MvhBenchmarkService(ctx, new ImportedStudyRepository()).benchmark("nope").isEmpty());
    }
}
