package dev.tandem.analysis.mvh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MvhCsvReaderTest {

    private static final String HEADER = "subj,Session,trial,rt,object_response,category,condition,imagename\n";

    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("contrast"));
        return Files.writeString(folder.resolve("contrast_subject-01_session_1.csv"), content);
    }

    @Test
    void readsRowsWithTheirLineNumbersAndDataset() throws IOException {
        Path file = write(HEADER
                + "subject-01,1,1,0.58,boat,boat,c100,0001_cl_s01_c100_boat_40_n02951358_5952.JPEG\n"
                + "\n"
                + "resnet50,1,2,NaN,na,dog,c05,x.png\n");
        MvhFile read = new MvhCsvReader().read(file);
        assertEquals("contrast", read.dataset());
        assertEquals(2, read.rows().size());
        MvhRow first = read.rows().get(0);
        assertEquals(2, first.line());
        assertEquals(0.58, first.rt());
        assertTrue(first.human());
        MvhRow second = read.rows().get(1);
        assertEquals(4, second.line(), "the blank line is skipped but still counted");
        assertNull(second.rt());
        assertEquals("na", second.objectResponse());
    }

    @Test
    void aRowWithTooFewFieldsIsReportedWithFileAndLine() throws IOException {
        Path file = write(HEADER + "subject-01,1,1,0.5,boat,boat,c100,a.png\nsubject-01,1,2,0.5,boat,boat\n");
        MalformedMvhFileException e = assertThrows(MalformedMvhFileException.class,
                () -> new MvhCsvReader().read(file));
        assertEquals(3, e.line());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ":3: expected 8 fields, found 6"), e.getMessage());
    }

    @Test
    void aTrialThatIsNotANumberIsMalformed() throws IOException {
        Path file = write(HEADER + "subject-01,1,one,0.5,boat,boat,c100,a.png\n");
        assertEquals(2, assertThrows(MalformedMvhFileException.class, () -> new MvhCsvReader().read(file)).line());
    }

    @Test
    void aNegativeOrTextReactionTimeIsMalformed() throws IOException {
        Path file = write(HEADER + "subject-01,1,1,slow,boat,boat,c100,a.png\n");
        assertThrows(MalformedMvhFileException.class, () -> new MvhCsvReader().read(file));
    }

    @Test
    void anEmptyResponseIsMalformed() throws IOException {
        Path file = write(HEADER + "subject-01,1,1,0.5,,boat,c100,a.png\n");
        assertTrue(assertThrows(MalformedMvhFileException.class, () -> new MvhCsvReader().read(file))
                .getMessage().contains("object_response is empty"));
    }

    @Test
    void aWrongHeaderIsMalformedAtLineOne() throws IOException {
        Path file = write("subj,trial\nsubject-01,1\n");
        assertEquals(1, assertThrows(MalformedMvhFileException.class, () -> new MvhCsvReader().read(file)).line());
    }

    @Test
    void quotedFieldsMayHoldCommas() throws IOException {
        Path file = write(HEADER + "subject-01,1,1,0.5,boat,boat,\"a,b\",\"say \"\"hi\"\".png\"\n");
        MvhRow row = new MvhCsvReader().read(file).rows().get(0);
        assertEquals("a,b", row.condition());
        assertEquals("say \"hi\".png", row.imagename());
    }
}
