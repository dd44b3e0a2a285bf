package dev.tandem.app;

import static dev.tandem.app.DeployFiles.all;
import static dev.tandem.app.DeployFiles.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the server itself says, for deploy/ to be checked against: the environment variables it
 * reads, its health route, and its commands with their options (from Main's usage text).
 */
final class ServerFacts {

    private static final Path mainSources = root.resolve("server/src/main/java");

    /** Variables the image sets for libraries Tandem loads, not for Tandem itself. */
    static final Set<String> LIBRARY_ENV = Set.of("TF_CPP_MIN_LOG_LEVEL");
    /** The server's drain on SIGTERM (Jetty's stop timeout, and a worker's wait for its batch). */
    static final int DRAIN_SECONDS = 30;
    static final String HEALTH = "/api/health";

    private ServerFacts() {}

    /**
     * The environment variables Tandem reads: names passed as literals to {@code getenv},
     * {@code env.get}/{@code getOrDefault} or a settings lookup in server/src/main/java.
     */
    static Set<String> variablesTandemReads() {
        Pattern read = Pattern.compile("(?:getenv|get|getOrDefault|apply)\\(\\s*\"(TANDEM_[A-Z0-9_]+)\"");
        Set<String> names = new TreeSet<>();
        for (String source : javaSources()) {
            names.addAll(all(read, source));
        }
        assertTrue(names.containsAll(Set.of("TANDEM_DATABASE_URL", "TANDEM_ADMIN_TOKEN")),
                "the pattern still finds how Tandem reads its environment: " + names);
        return names;
    }

    static boolean healthRouteExists() {
        Pattern route = Pattern.compile("\\.get\\(\\s*\"" + Pattern.quote(HEALTH) + "\"");
        return javaSources().stream().anyMatch(source -> route.matcher(source).find());
    }

    private static List<String> javaSources() {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(mainSources)) {
            for (Path file : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.add(Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    /**
     * {@code words} run a command Main has, with only options its usage names, switches without
     * a value and options with one.
     */
    static void assertKnownCommand(List<String> words, String where) {
        String name = commandName(words, where);
        List<String> rest = words.subList(name.split(" ").length, words.size());
        Map<String, Boolean> options = usageOptions(name);
        for (int i = 0; i < rest.size(); i++) {
            String word = rest.get(i);
            assertTrue(word.startsWith("--"), where + ": unexpected word " + word);
            String option = word.substring(2).split("=", 2)[0];
            assertTrue(options.containsKey(option), where + ": " + name + " has no option --" + option
                    + " (it has " + options.keySet() + ")");
            boolean takesValue = options.get(option);
            if (takesValue && !word.contains("=")) {
                assertTrue(i + 1 < rest.size() && !rest.get(i + 1).startsWith("--"), where + ": --" + option + " needs a value");
                i++;
            } else if (!takesValue) {
                assertFalse(word.contains("="), where + ": --" + option + " takes no value");
            }
        }
    }

    /** The longest command of Main's that {@code words} start with. */
    static String commandName(List<String> words, String where) {
        assertFalse(words.isEmpty(), where + ": a command");
        String line = String.join(" ", words);
        return Main.commandNames().stream()
                .filter(c -> line.equals(c) || line.startsWith(c + " "))
                .max((a, b) -> Integer.compare(a.length(), b.length()))
                .orElseThrow(() -> new AssertionError(where + ": unknown command " + words));
    }

    /** Option name to whether it takes a value, from Main's usage text for {@code command}. */
    static Map<String, Boolean> usageOptions(String command) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(List.of("--no-such-command"), new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        String usage = lines.stream().map(String::strip)
                .filter(l -> l.equals("tandem " + command) || l.startsWith("tandem " + command + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no usage line for " + command));
        String common = lines.get(0);
        Map<String, Boolean> options = new HashMap<>();
        Matcher option = Pattern.compile("--([a-z][a-z0-9-]*)(\\s+[^\\s\\[\\]|-][^\\s\\]|]*)?").matcher(common + " " + usage);
        while (option.find()) {
            options.merge(option.group(1), option.group(2) != null, Boolean::logicalOr);
        }
        return options;
    }
}
