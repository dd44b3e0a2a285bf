package dev.tandem.app;

import dev.tandem.clickme.AlignmentService;
import dev.tandem.clickme.MapJob;
import dev.tandem.clickme.MapJobService;
import dev.tandem.clickme.MapMethod;
import dev.tandem.clickme.MapWorker;
import dev.tandem.jobs.JobStatus;
import dev.tandem.jobs.JobWorker;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code clickme maps} and {@code clickme alignment}: model maps as jobs, human maps and alignment (issue 5). */
final class ClickMeCommands {

    private static final String METHOD_OPTIONS = "[--method occlusion|rise] [--patch N --stride N | --masks N --grid S --keep P --seed N] [--baseline mean|0-255]";

    private ClickMeCommands() {}

    /** The map method from {@code --method} and its parameter options (defaults in {@link MapMethod}). */
    static MapMethod method(Args args) {
        Map<String, String> parameters = new HashMap<>();
        for (String key : new String[] {"patch", "stride", "masks", "grid", "keep", "seed", "baseline"}) {
            args.option(key).ifPresent(value -> parameters.put(key, value));
        }
        return MapJobService.method(args.option("method").orElse("rise"), parameters);
    }

    static String required(Args args, String name) {
        return args.option(name).orElseThrow(() -> new Args.UsageException("--" + name + " is required"));
    }

    /** Queues a map job and, with {@code --wait}, computes it here with a progress bar. */
    static final class Maps implements Command {
        @Override
        public String usage() {
            return "clickme maps --experiment SLUG --model NAME " + METHOD_OPTIONS + " [--wait]";
        }

        @Override
        public int run(Args args, AppConfig config, PrintStream out) throws InterruptedException {
            MapMethod method = method(args);
            CountDownLatch finished = new CountDownLatch(1);
            try (Tandem tandem = Tandem.open(config, 2)) {
                var created = tandem.mapJobs.createJob(required(args, "model"), required(args, "experiment"), method);
                MapJob job = created.job();
                out.printf("Map job %d %s: %s %s %s on %s, %d images (%d stored before)%n", job.id(),
                        created.created() ? "created" : "already open", job.model(), job.method(), job.parameters(),
                        job.experiment(), job.total(), job.reused());
                if (!args.flag("wait") || job.finished()) {
                    return job.status() == JobStatus.FAILED ? 1 : 0;
                }
                ConsoleProgress bar = ConsoleProgress.start(out, "Maps");
                bar.update(job.done(), job.total());
                long started = System.nanoTime();
                JobWorker.Events events = new JobWorker.Events() {
                    @Override
                    public void committed(long jobId, int tasks) {
                        MapJob now = tandem.mapJobs.job(jobId);
                        bar.update(now.done(), now.total());
                    }
                };
                try (MapWorker worker = tandem.mapJobs.worker(1, events)) {
                    WorkerCommand.stopOnShutdown(worker::stop, finished);
                    worker.drain(job.id());
                    job = tandem.mapJobs.job(job.id());
                    while (!job.finished()) { // other workers still hold claims of this job
                        Thread.sleep(250);
                        job = tandem.mapJobs.job(job.id());
                        bar.update(job.done(), job.total());
                    }
                    if (job.status() == JobStatus.FAILED) {
                        out.println("Map job " + job.id() + " failed: " + job.error());
                        return 1;
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    out.printf("Map job %d done: %d maps computed here in %.1f s (%.2f s per image, model loading included)%n",
                            job.id(), worker.computed(), seconds, worker.computed() == 0 ? 0 : seconds / worker.computed());
                }
            } finally {
                finished.countDown();
            }
            return 0;
        }
    }

    /** Prints the per-image alignment table and the summary; writes heatmaps with {@code --out-dir}. */
    static final class Alignment implements Command {
        @Override
        public String usage() {
            return "clickme alignment --experiment SLUG [--model NAME " + METHOD_OPTIONS + "] [--json]"
                    + " [--min-participants N] [--sigma S] [--ceiling-floor F] [--out-dir DIR]";
        }

        @Override
        public int run(Args args, AppConfig config, PrintStream out) throws Exception {
            String slug = required(args, "experiment");
            String model = args.option("model").orElse(null);
            MapMethod method = method(args);
            var options = new AlignmentService.Options(args.intOption("min-participants",
                    AlignmentService.Options.DEFAULTS.minParticipants()),
                    Double.parseDouble(args.option("sigma").orElse(String.valueOf(AlignmentService.Options.DEFAULTS.sigma()))),
                    AlignmentService.Options.DEFAULTS.ceilingRepeats(), AlignmentService.Options.DEFAULTS.seed(),
                    Double.parseDouble(args.option("ceiling-floor").orElse(String.valueOf(AlignmentService.Options.CEILING_FLOOR))));
            try (Tandem tandem = Tandem.open(config, 2)) {
                var report = tandem.alignment.alignment(slug, model, method, options);
                if (args.flag("json")) {
                    out.println(tandem.json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
                } else {
                    AlignmentTable.print(report, out);
                }
                if (args.option("out-dir").isPresent()) {
                    Path dir = Path.of(args.option("out-dir").get());
                    Files.createDirectories(dir);
                    int written = 0;
                    for (var image : report.images()) {
                        String name = image.imageFile().replaceAll("[^A-Za-z0-9._-]", "_");
                        Files.write(dir.resolve(name + ".human.png"),
                                tandem.alignment.map(slug, image.stimulusSha256(), null, method, options).png());
                        written++;
                        if (image.spearman() != null) {
                            Files.write(dir.resolve(name + "." + model + "." + method.name() + ".png"),
                                    tandem.alignment.map(slug, image.stimulusSha256(), model, method, options).png());
                            written++;
                        }
                    }
                    (args.flag("json") ? System.err : out).println("Wrote " + written + " heatmaps to " + dir);
                }
            }
            return 0;
        }
    }

    /** {@code clickme rounds}: one row per stored ClickMe round, streamed as CSV or JSON Lines. */
    static final class Rounds implements Command {
        @Override
        public String usage() {
            return "clickme rounds --experiment SLUG [--format csv|jsonl] [--out FILE]";
        }

        @Override
        public int run(Args args, AppConfig config, PrintStream out) throws java.io.IOException {
            var format = dev.tandem.clickme.ClickMeExport.Format.parse(args.option("format").orElse("csv"));
            String slug = required(args, "experiment");
            try (Tandem tandem = Tandem.open(config, 2)) {
                tandem.experiments.current(slug); // an unknown experiment leaves no empty file behind
                if (args.option("out").isPresent()) {
                    try (var file = Files.newOutputStream(Path.of(args.option("out").get()))) {
                        tandem.clickmeExport.rounds(slug, format, file);
                    }
                } else {
                    tandem.clickmeExport.rounds(slug, format, out);
                    out.flush();
                }
            }
            return 0;
        }
    }
}
