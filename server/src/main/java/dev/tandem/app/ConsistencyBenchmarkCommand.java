package dev.tandem.app;

import dev.tandem.analysis.ConsistencyOptions;
import dev.tandem.analysis.ObservedTrial;
import dev.tandem.analysis.ObserverKind;
import dev.tandem.analysis.PairwiseConsistency;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code bench consistency [--people 30] [--models 3] [--conditions 8] [--trials 120] [--rounds 3]}:
 * error consistency with its chance ranges and bootstrap CIs for every pair of simulated observers
 * who all answer the same trials; prints cells, wall-clock and CPU seconds per round. No database.
 */
final class ConsistencyBenchmarkCommand implements Command {

    @Override
    public String usage() {
        return "bench consistency [--people 30] [--models 3] [--conditions 8] [--trials 120] [--rounds 3]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) {
        int people = args.intOption("people", 30);
        int models = args.intOption("models", 3);
        int conditions = args.intOption("conditions", 8);
        int trialsEach = args.intOption("trials", 120);
        int rounds = args.intOption("rounds", 3);
        if (people < 0 || models < 0 || people + models < 2 || conditions < 1 || trialsEach < 1 || rounds < 1) {
            throw new Args.UsageException("need at least two observers, one condition, one trial and one round");
        }
        SplittableRandom random = new SplittableRandom(1);
        List<ObservedTrial> trials = new ArrayList<>();
        for (int o = 0; o < people + models; o++) {
            boolean human = o < people;
            for (int c = 0; c < conditions; c++) {
                for (int i = 0; i < trialsEach; i++) {
                    boolean correct = random.nextDouble() < 0.6;
                    trials.add(new ObservedTrial("o" + o, human ? ObserverKind.HUMAN : ObserverKind.MODEL,
                            human ? "humans" : "o" + o, "c" + c, "s" + i, "cat", correct ? "cat" : "dog", null, null));
                }
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        out.printf(Locale.ROOT, "%d observers × %d conditions × %d shared trials, %d resamples per κ%n",
                people + models, conditions, trialsEach, ConsistencyOptions.DEFAULT.resamples());
        for (int round = 1; round <= rounds; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            PairwiseConsistency.Result result = PairwiseConsistency.compute(trials, ConsistencyOptions.DEFAULT);
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            long cells = result.pairs().stream().filter(p -> p.condition() != null).count();
            out.printf(Locale.ROOT, "round %d: %d pairs, %d cells in %.2f s wall clock, %.2f s CPU (%.0f cells/s of CPU)%n",
                    round, result.pairs().size() - cells, cells, wallSeconds, cpuSeconds, cells / cpuSeconds);
        }
        return 0;
    }
}
