package dev.tandem.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Request text written to the server log cannot forge lines or control the terminal. */
class LogTextTest {

    @Test
    void newlinesEscapesAndBidiOverridesAreWrittenAsEscapesInQuotes() {
        assertEquals("\"ada\\u000a2026-12-02 INFO forged\"", LogText.quoted("ada\n2026-12-02 INFO forged"));
        assertEquals("\"\\u001b[2J\\u000d\\u0000\\u202e\\\"\\\\\"", LogText.quoted("\u001b[2J\r\u0000\u202e\"\\"));
        assertEquals("\"\\ud800\"", LogText.quoted("\ud800"));
        assertEquals("null", LogText.quoted(null));
        assertEquals("\"Grüße, 東京\"", LogText.quoted("Grüße, 東京"));
    }

    @Test
    void longValuesAreCutAndSayHowLongTheyWere() {
        String quoted = LogText.quoted("x".repeat(1_000_000));
        assertTrue(quoted.endsWith("… (1000000 chars)"), quoted);
        assertEquals(LogText.MAX_CHARS + 2 + "… (1000000 chars)".length(), quoted.length());
    }

    @Test
    void anEscapedFailurePrintsOnlyEscapedMessagesButKeepsItsStackAndCauses() {
        var cause = new IllegalArgumentException("bad value\nFAKE LINE");
        var failure = new IllegalStateException("outer\r\nFAKE", cause);
        StringWriter printed = new StringWriter();
        LogText.escaped(failure).printStackTrace(new PrintWriter(printed));

        String text = printed.toString();
        assertFalse(text.lines().anyMatch(line -> line.startsWith("FAKE")), text);
        assertTrue(text.startsWith("java.lang.IllegalStateException: \"outer\\u000d\\u000aFAKE\""), text);
        assertTrue(text.contains("Caused by: java.lang.IllegalArgumentException: \"bad value\\u000aFAKE LINE\""), text);
        assertTrue(text.contains("LogTextTest.anEscapedFailurePrintsOnlyEscapedMessagesButKeepsItsStackAndCauses"), text);
    }
}
