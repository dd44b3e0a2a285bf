package dev.tandem.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Python-free re-implementation of how bethgelab/model-vs-human reads a {@code raw-data/}
 * folder, to check Tandem's exports without their code (issue 11). What it mirrors:
 * <ul>
 *   <li>{@code helper/plotting_helper.py}: {@code read_all_csv_files_from_directory} reads every
 *       {@code .csv} of {@code raw-data/<dataset>/}, lower-cases the column names and concatenates
 *       them; {@code get_experimental_data} reads {@code condition} as text and requires the
 *       experiment's {@code data_conditions} among the values; {@code get_short_imagename} gives
 *       the {@code image_id} that pairs observers' trials.</li>
 *   <li>{@code evaluation/evaluate.py} ({@code ResultPrinter}): a model's file is
 *       {@code <dataset>_<model, '_' made '-'>_<session-N>.csv}, its rows
 *       {@code subj,session,trial,rt,object_response,category,condition,imagename}; people's files in
 *       their raw data are {@code <dataset>_subject-NN_session_N.csv}.</li>
 *   <li>{@code plotting/decision_makers.py}: a {@code subj} starting with "subject-" is a person,
 *       anything else a model.</li>
 *   <li>{@code plotting/analyses.py} ({@code ErrorConsistency.analysis}): two observers are compared
 *       per condition on trials sorted by {@code image_id}, which must be the same images.</li>
 * </ul>
 */
final class MvhLayoutCheck {

    static final List<String> COLUMNS = List.of("subj", "session", "trial", "rt", "object_response", "category",
            "condition", "imagename");

    private static final Pattern HUMAN_FILE = Pattern.compile("(subject-\\d{2,})_session_(\\d+)\\.csv");
    private static final Pattern MODEL_FILE = Pattern.compile("([^_]+)_session-(\\d+)\\.csv");

    /** One row as their code sees it, with the file it came from. */
    record Trial(String file, String subj, String session, String condition, String imageId, String response,
                 String category) {
        boolean human() {
            return subj.startsWith("subject-");
        }
    }

    /** What {@link #read} found: the trials per dataset and the problems their code would trip on. */
    record Reading(Map<String, List<Trial>> datasets, List<String> problems) {}

    private MvhLayoutCheck() {}

    /** Unzips an mvh export into {@code folder}, which becomes the {@code raw-data/} folder. */
    static Path unzip(byte[] zip, Path folder) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = folder.resolve(entry.getName()).normalize();
                if (!target.startsWith(folder)) {
                    throw new IOException("entry outside the folder: " + entry.getName());
                }
                Files.createDirectories(target.getParent());
                Files.copy((InputStream) in, target);
            }
        }
        return folder;
    }

    /** Reads every dataset folder of {@code rawData} as their code does, collecting problems. */
    static Reading read(Path rawData) {
        Map<String, List<Trial>> datasets = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> folders = Files.list(rawData)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String dataset = folder.getFileName().toString();
                List<Trial> trials = new ArrayList<>();
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                        readFile(dataset, file, trials, problems);
                    }
                }
                if (trials.stream().noneMatch(Trial::human)) {
                    problems.add(dataset + ": no subject-NN file, so no human decision makers");
                }
                datasets.put(dataset, trials);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Reading(datasets, problems);
    }

    private static void readFile(String dataset, Path file, List<Trial> trials, List<String> problems) throws IOException {
        String name = file.getFileName().toString();
        if (!name.startsWith(dataset + "_")) {
            problems.add(name + ": not named after its dataset folder " + dataset);
            return;
        }
        String rest = name.substring(dataset.length() + 1);
        Matcher human = HUMAN_FILE.matcher(rest);
        Matcher model = MODEL_FILE.matcher(rest);
        boolean isHuman = human.matches();
        if (!isHuman && !model.matches()) {
            problems.add(name + ": neither <dataset>_subject-NN_session_N.csv nor <dataset>_<model>_session-N.csv");
            return;
        }
        String observer = isHuman ? human.group(1) : model.group(1);
        String session = isHuman ? human.group(2) : model.group(2);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(c -> c.toLowerCase(Locale.ROOT)).toList();
        if (!header.containsAll(COLUMNS)) {
            problems.add(name + ": columns " + header + " lack some of " + COLUMNS);
            return;
        }
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            at.put(header.get(i), i);
        }
        Set<String> cells = new HashSet<>();
        for (int line = 1; line < lines.size(); line++) {
            String[] v = lines.get(line).split(",", -1);
            if (v.length != header.size()) {
                problems.add(name + " line " + (line + 1) + ": " + v.length + " fields, header has " + header.size());
                continue;
            }
            String subj = v[at.get("subj")];
            Trial trial = new Trial(name, subj, v[at.get("session")], v[at.get("condition")],
                    shortImageName(v[at.get("imagename")]), v[at.get("object_response")], v[at.get("category")]);
            if (isHuman ? !subj.equals(observer) : !subj.replace('_', '-').equals(observer)) {
                problems.add(name + " line " + (line + 1) + ": subj " + subj + " is not the file's observer " + observer);
            }
            if (isHuman != trial.human()) {
                problems.add(name + " line " + (line + 1) + ": subj " + subj + " would be taken for a "
                        + (trial.human() ? "person" : "model"));
            }
            if (!trial.session().equals(session)) {
                problems.add(name + " line " + (line + 1) + ": session " + trial.session() + ", file says " + session);
            }
            if (trial.condition().isEmpty()) {
                problems.add(name + " line " + (line + 1) + ": no condition");
            }
            if (!isHuman && !cells.add(trial.condition() + "\n" + trial.imageId())) {
                problems.add(name + " line " + (line + 1) + ": a second row for image " + trial.imageId()
                        + " in condition " + trial.condition());
            }
            trials.add(trial);
        }
    }

    /** {@code get_short_imagename}: the last '_' part, or the last two when the second-last starts "n0". */
    static String shortImageName(String imagename) {
        String[] splits = imagename.split("_", -1);
        if (splits.length > 1) {
            String first = splits[splits.length - 2];
            return first.startsWith("n0") ? first + "_" + splits[splits.length - 1] : splits[splits.length - 1];
        }
        return splits[0];
    }

    /**
     * Trials of people that a model of the same dataset did not answer in the same condition on
     * the same image: {@code ErrorConsistency} could not pair them (Tandem's exports have none).
     */
    static List<String> unpaired(Reading reading) {
        List<String> unpaired = new ArrayList<>();
        reading.datasets().forEach((dataset, trials) -> {
            Map<String, Set<String>> byModel = new TreeMap<>();
            for (Trial t : trials) {
                if (!t.human()) {
                    byModel.computeIfAbsent(t.subj(), m -> new HashSet<>()).add(t.condition() + "\n" + t.imageId());
                }
            }
            for (Trial t : trials) {
                byModel.forEach((model, cells) -> {
                    if (t.human() && !cells.contains(t.condition() + "\n" + t.imageId())) {
                        unpaired.add(dataset + ": " + model + " has no answer on " + t.imageId() + " in " + t.condition());
                    }
                });
            }
        });
        return unpaired;
    }
}
