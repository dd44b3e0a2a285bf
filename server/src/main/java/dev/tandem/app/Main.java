package dev.tandem.app;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tandem's command line: {@code java -jar tandem.jar <command> [options]}. */
public final class Main {

    /** Switches (options without a value) understood by any command. */
    private static final Set<String> SWITCHES = Set.of("no-worker", "no-wait", "json", "timing-ok-only", "wait");

    private static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        commands.put("serve", new ServeCommand());
        commands.put("experiment load", new ExperimentLoadCommand());
        commands.put("stimuli import", new StimuliCommands.Import());
        commands.put("stimuli build-fashion-mnist", new StimuliCommands.BuildFashionMnist());
        commands.put("model add", new ModelCommands.Add());
        commands.put("model list", new ModelCommands.ListModels());
        commands.put("model train-demo", new ModelCommands.TrainDemo());
        commands.put("model reexport-demo", new ModelCommands.ReexportDemo());
        commands.put("model benchmark", new ModelCommands.Benchmark());
        commands.put("score", new ScoreCommand());
        commands.put("scores", new ScoresCommand());
        commands.put("worker", new WorkerCommand());
        commands.put("account unlock", new AccountCommands.Unlock());
        commands.put("bench ingest", new IngestBenchmarkCommand());
        commands.put("import mvh", new MvhImportCommand());
        commands.put("benchmark", new BenchmarkCommand());
        commands.put("metrics", new MetricsCommand());
        commands.put("export", new ExportCommand());
        commands.put("bench export", new ExportBenchmarkCommand());
        commands.put("bench render", new RenderingBenchmarkCommand());
        commands.put("bench consistency", new ConsistencyBenchmarkCommand());
        commands.put("bench partner", new PartnerBenchmarkCommand());
        commands.put("clickme maps", new ClickMeCommands.Maps());
        commands.put("clickme alignment", new ClickMeCommands.Alignment());
        commands.put("clickme rounds", new ClickMeCommands.Rounds());
        commands.put("triplet score", new TripletScoreCommand());
        return commands;
    }

    /** The command names, e.g. {@code experiment load}. */
    static java.util.Set<String> commandNames() {
        return commands().keySet();
    }

    public static void main(String[] argv) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.exit(run(Arrays.asList(argv), System.out, System.err));
    }

    static int run(List<String> words, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        for (int length = Math.min(2, words.size()); length >= 1; length--) {
            Command command = commands.get(String.join(" ", words.subList(0, length)));
            if (command != null) {
                try {
                    Args args = Args.parse(words.subList(length, words.size()), SWITCHES);
                    return command.run(args, AppConfig.from(args, System.getenv()), out, err);
                } catch (Args.UsageException e) {
                    err.println("tandem: " + e.getMessage());
                    err.println("usage: tandem " + command.usage());
                    return 2;
                } catch (Exception e) {
                    err.println("tandem: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    if (e instanceof dev.tandem.common.InvalidInputException invalid && invalid.field() != null) {
                        err.println("  field: " + invalid.field());
                    }
                    return 1;
                }
            }
        }
        err.println("usage: tandem <command> [--data-dir DIR] [--database-url URL]");
        commands.values().forEach(c -> err.println("  tandem " + c.usage()));
        return 2;
    }
}
