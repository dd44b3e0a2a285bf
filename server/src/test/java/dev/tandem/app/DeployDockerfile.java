package dev.tandem.app;

import static dev.tandem.app.DeployFiles.deploy;
import static dev.tandem.app.DeployFiles.json;
import static dev.tandem.app.DeployFiles.read;
import static dev.tandem.app.DeployFiles.texts;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** deploy/Dockerfile, read as the image that runs: its final stage's instructions. */
final class DeployDockerfile {

    private DeployDockerfile() {}

    /** Instructions with continuation lines joined and comments dropped. */
    static List<String> dockerfile() {
        String text = read(deploy.resolve("Dockerfile"))
                .replaceAll("(?m)^\\s*#.*\\n", "")
                .replaceAll("\\\\\\n", " ");
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** The instructions of the last stage, the image that runs. */
    static List<String> finalStage() {
        List<String> instructions = dockerfile();
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        return instructions.subList(from, instructions.size());
    }

    /** The final stage's last {@code instruction}, which must be in exec form. */
    static List<String> execForm(String instruction) {
        String line = finalStage().stream().filter(l -> l.startsWith(instruction + " ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("Dockerfile " + instruction));
        try {
            return texts(json.readTree(line.substring(instruction.length() + 1)));
        } catch (IOException e) {
            throw new AssertionError(instruction + " in exec form (a JSON array): " + line, e);
        }
    }

    static List<String> dockerfileCmd() {
        return execForm("CMD");
    }

    /** COPY destinations of the final stage, by source. */
    static Map<String, String> copies() {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String line : finalStage()) {
            if (line.startsWith("COPY ")) {
                List<String> words = Stream.of(line.split("\\s+")).filter(w -> !w.startsWith("--")).toList();
                copies.put(words.get(1), words.get(words.size() - 1));
            }
        }
        return copies;
    }

    static Map<String, String> dockerEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        finalStage().forEach(line -> addEnv(line, env));
        return env;
    }

    /** Adds what an {@code ENV} instruction sets; any other instruction adds nothing. */
    static void addEnv(String instruction, Map<String, String> env) {
        if (instruction.startsWith("ENV ")) {
            Matcher pair = Pattern.compile("(\\w+)=(\\S+)").matcher(instruction.substring(4));
            while (pair.find()) {
                env.put(pair.group(1), pair.group(2));
            }
        }
    }

    /** The final stage's USER as {user} or {user, group}. */
    static String[] imageUser() {
        return finalStage().stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the image sets a USER")).substring(5).strip().split(":");
    }

    /** The final stage's last WORKDIR, where a relative TANDEM_DATA_DIR lands. */
    static String imageWorkdir() {
        return finalStage().stream().filter(l -> l.startsWith("WORKDIR ")).reduce((a, b) -> b)
                .map(l -> l.substring(8).strip()).orElse("/");
    }
}
