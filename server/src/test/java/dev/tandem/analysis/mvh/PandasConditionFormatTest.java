package dev.tandem.analysis.mvh;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tandem.analysis.mvh.PandasConditionFormat.Kind.BOOL;
import static dev.tandem.analysis.mvh.PandasConditionFormat.Kind.FLOAT;
import static dev.tandem.analysis.mvh.PandasConditionFormat.Kind.INT;
import static dev.tandem.analysis.mvh.PandasConditionFormat.Kind.TEXT;
import static dev.tandem.analysis.mvh.PandasConditionFormat.format;
import static dev.tandem.analysis.mvh.PandasConditionFormat.kindOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PandasConditionFormatTest {

    @Test
    void aColumnOfWholeNumbersPrintsWithoutADecimalPoint() {
        assertEquals(INT, kindOf(List.of("0", "15", "40")));
        assertEquals("15", format("15", INT));
    }

    @Test
    void aColumnWithDecimalsPrintsLikePythonFloats() {
        assertEquals(FLOAT, kindOf(List.of("0.00", "0.03", "0.60")));
        assertEquals("0.0", format("0.00", FLOAT));
        assertEquals("0.6", format("0.60", FLOAT));
        assertEquals("0.03", format("0.03", FLOAT));
    }

    @Test
    void wholeNumbersBesideInfinityBecomeFloats() {
        assertEquals(FLOAT, kindOf(List.of("inf", "3", "1", "0.55")));
        assertEquals("3.0", format("3", FLOAT));
        assertEquals("inf", format("inf", FLOAT));
    }

    @Test
    void numbersWithAMissingValueBecomeFloatsAndNaNPrintsAsNan() {
        assertEquals(FLOAT, kindOf(List.of("0", "NaN")));
        assertEquals("nan", format("NaN", FLOAT));
        assertEquals(FLOAT, kindOf(List.of("NaN")));
    }

    @Test
    void trueAndFalseInAnySpellingPrintCapitalised() {
        assertEquals(BOOL, kindOf(List.of("true", "false")));
        assertEquals("True", format("true", BOOL));
        assertEquals("False", format("FALSE", BOOL));
    }

    @Test
    void mixedTextStaysAsWritten() {
        assertEquals(TEXT, kindOf(List.of("0", "pow")));
        assertEquals("0", format("0", TEXT));
        assertEquals(TEXT, kindOf(List.of("c100", "c05")));
        assertEquals("na", format("na", TEXT), "'na' is not one of pandas' missing-value spellings");
    }

    @Test
    void intAndFloatFilesOfOneDatasetAreAllFloatAfterConcatenation() {
        assertEquals(List.of(FLOAT, FLOAT), PandasConditionFormat.afterConcatenation(List.of(INT, FLOAT)));
        assertEquals(List.of(INT, TEXT), PandasConditionFormat.afterConcatenation(List.of(INT, TEXT)));
        assertEquals(List.of(INT, INT), PandasConditionFormat.afterConcatenation(List.of(INT, INT)));
    }

    @Test
    void pythonReprUsesExponentsOnlyForVerySmallOrLargeNumbers() {
        assertEquals("0.0001", PandasConditionFormat.pythonRepr(1e-4));
        assertEquals("1e-05", PandasConditionFormat.pythonRepr(1e-5));
        assertEquals("1.5e-07", PandasConditionFormat.pythonRepr(1.5e-7));
        assertEquals("1e+16", PandasConditionFormat.pythonRepr(1e16));
        assertEquals("123456.0", PandasConditionFormat.pythonRepr(123456));
        assertEquals("-0.35", PandasConditionFormat.pythonRepr(-0.35));
    }
}
