package dev.tandem.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    private static String row(String... fields) throws IOException {
        StringWriter out = new StringWriter();
        new CsvWriter(out).row(List.of(fields));
        return out.toString();
    }

    @Test
    void cellsThatASpreadsheetWouldRunAsFormulasGetALeadingApostrophe() throws IOException {
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"\r\n", row("=HYPERLINK(\"http://x\")"));
        assertEquals("'+1+2,'-1+2,'@SUM(A1),'\tx\r\n", row("+1+2", "-1+2", "@SUM(A1)", "\tx"));
        assertEquals("\"'\rx\"\r\n", row("\rx"));
    }

    @Test
    void plainNumbersAndOrdinaryTextAreWrittenAsTheyAre() throws IOException {
        assertEquals("-0.5,+3,-1e-3,Bag,a-b,,x=1\r\n", row("-0.5", "+3", "-1e-3", "Bag", "a-b", "", "x=1"));
    }

    @Test
    void quotingStillFollowsRfc4180AfterNeutralising() throws IOException {
        assertEquals("\"'=1,2\",\"a\"\"b\"\r\n", row("=1,2", "a\"b"));
    }
}
