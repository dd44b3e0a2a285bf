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
    private static final Set<String> SWITCHES = Set.of("no-worker", "json");

    private static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        commands.put("serve", new ServeCommand());
        commands.put("experiment load", new ExperimentLoadCommand());
        commands.put("stimuli import", new StimuliCommands.Import());
        commands.put("stimuli build-fashion-mnist", new StimuliCommands.BuildFashionMnist());
        commands.put("bench ingest", new IngestBenchmarkCommand());
        commands.put("bench partner", new PartnerBenchmarkCommand());
        return commands;
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
                    return command.run(args, AppConfig.from(args, System.getenv()), out);
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
