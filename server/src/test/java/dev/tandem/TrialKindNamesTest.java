package dev.tandem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: no code branches on a trial kind's name; it asks {@code experiment.TrialType}. This
 * reads every Java file under {@code src/main/java} (comments removed) and fails on a trial type's
 * wire name ({@code masked}, {@code clickme}) used as a comparison or held in a constant:
 * {@code "clickme".equals(x)}, {@code x.equals("masked")} (and {@code equalsIgnoreCase},
 * {@code Objects.equals}), {@code case "clickme"}, a jOOQ {@code .eq("masked")}/{@code .ne(...)},
 * SQL text comparing with {@code 'masked'}/{@code 'clickme'}, and a constant
 * {@code = "clickme";} that would let such a comparison hide.
 *
 * <p>Allowed: {@code experiment/TrialType.java} itself (it owns the names). Not matched, because
 * they are other things than a trial type: demo slugs ({@code "clickme-demo"}), CLI command names
 * ({@code "clickme maps"}), field paths ({@code "clickme.rounds"}) and a definition's
 * {@code clickme} section read as a field ({@code definition.path("clickme")}). JSON schema, HTML
 * and TypeScript files are not Java and are not read.
 */
class TrialKindNamesTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path ALLOWED = Path.of("dev/tandem/experiment/TrialType.java");
    private static final String NAME = "\"(?:clickme|masked|triplet)\"";

    /** Each way of comparing with a trial type's name, or of hiding one in a constant. */
    private static final List<Pattern> COMPARISONS = List.of(
            Pattern.compile(NAME + "\\s*\\.\\s*equals(?:IgnoreCase)?\\s*\\("),
            Pattern.compile("\\.\\s*equals(?:IgnoreCase)?\\s*\\(\\s*" + NAME + "\\s*\\)"),
            Pattern.compile("Objects\\s*\\.\\s*equals\\s*\\([^;]*" + NAME),
            Pattern.compile("\\bcase\\s+(?:[^:>;]*,\\s*)?" + NAME),
            Pattern.compile("\\.\\s*(?:eq|ne|equal|notEqual|in|notIn)\\s*\\(\\s*" + NAME),
            Pattern.compile("'(?:clickme|masked|triplet)'"),
            Pattern.compile("=\\s*" + NAME + "\\s*;"));

    @Test
    void noSourceOutsideTrialTypeComparesWithATrialTypesName() throws IOException {
        List<String> found = new ArrayList<>();
        int read = 0;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                read++;
                if (SOURCES.relativize(file).equals(ALLOWED)) {
                    continue;
                }
                String code = withoutComments(Files.readString(file));
                for (String hit : comparisons(code)) {
                    found.add(SOURCES.relativize(file) + ": " + hit);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        assertTrue(read > 100, "read only " + read + " Java files under " + SOURCES.toAbsolutePath());
        assertTrue(Files.exists(SOURCES.resolve(ALLOWED)), "the enum that owns the names moved");
        assertEquals(List.of(), found, "compare with experiment.TrialType instead of its name");
    }

    /**
     * Where a kind's enum constant may be named: the enum, the kind implementations and their
     * registry ({@code dev/tandem/kind/}), the service that stores a kind's outcomes (it checks
     * that a posted trial is of its kind), and the composition root that maps each kind to its
     * analysis ({@code app/Tandem.java}). Everywhere else asks the kind ({@code TrialKinds}).
     */
    private static final List<String> KIND_CODE = List.of("dev/tandem/experiment/TrialType.java", "dev/tandem/kind/",
            "dev/tandem/response/ResponseService.java", "dev/tandem/triplet/JudgementService.java",
            "dev/tandem/app/Tandem.java");
    private static final Pattern CONSTANT = Pattern.compile("\\bTrialType\\s*\\.\\s*(?:MASKED|CLICKME|TRIPLET)\\b"
            + "|\\bimport\\s+static\\s+dev\\.tandem\\.experiment\\.TrialType\\.");

    @Test
    void noSourceOutsideTheKindsNamesAKindsConstant() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = SOURCES.relativize(file).toString().replace('\\', '/');
                if (relative.startsWith("dev/tandem/db/jooq/") || KIND_CODE.stream().anyMatch(relative::startsWith)) {
                    continue;
                }
                Matcher m = CONSTANT.matcher(withoutComments(Files.readString(file)));
                while (m.find()) {
                    found.add(relative + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), found, "ask the trial's kind (dev.tandem.kind.TrialKinds) instead of naming one");
        assertTrue(CONSTANT.matcher("if (t == TrialType.CLICKME) {").find());
        assertTrue(CONSTANT.matcher("x = TrialType . TRIPLET;").find());
        assertFalse(CONSTANT.matcher("TrialType.fromDb(name)").find());
    }

    @Test
    void theCheckFindsEachKindOfComparisonAndPassesOverSlugsCommandsAndFields() {
        for (String bad : List.of("if (\"clickme\".equals(type)) {", "type.equals(\"masked\")",
                "type.equalsIgnoreCase( \"clickme\" )", "Objects.equals(type, \"masked\")",
                "case \"clickme\" -> 1;", "case \"x\", \"masked\" -> 2;", "TRIAL.TRIAL_TYPE.eq(\"masked\")",
                "WHERE t.trial_type = 'clickme'", "static final String KIND = \"masked\";",
                "\"clickme\"\n        .equals(type)")) {
            assertFalse(comparisons(bad).isEmpty(), bad);
        }
        for (String fine : List.of("slug.equals(\"clickme-demo\")", "commands.put(\"clickme maps\", m);",
                "new FieldError(\"clickme.rounds\", \"too many\")", "definition.path(\"clickme\").isObject()",
                "type == TrialType.CLICKME", "// \"clickme\".equals(type) in a comment")) {
            assertEquals(List.of(), comparisons(withoutComments(fine)), fine);
        }
    }

    private static List<String> comparisons(String code) {
        List<String> hits = new ArrayList<>();
        for (Pattern pattern : COMPARISONS) {
            Matcher m = pattern.matcher(code);
            while (m.find()) {
                int line = (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                hits.add("line " + line + ": " + m.group().replaceAll("\\s+", " "));
            }
        }
        return hits;
    }

    /** The code with its comments blanked (string literals kept, so a "//" inside one is not a comment). */
    private static String withoutComments(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("\"\"\"", i)) { // text block: copy to its end
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end + 3;
                out.append(source, i, end);
                i = end;
            } else if (c == '"' || c == '\'') { // literal: copy to its closing quote
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, source.length());
                out.append(source, i, j);
                i = j;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
