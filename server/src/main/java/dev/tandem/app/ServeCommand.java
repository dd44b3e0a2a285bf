package dev.tandem.app;

import dev.tandem.clickme.MapWorker;
import dev.tandem.model.JobWorker;
import dev.tandem.model.Worker;
import io.javalin.Javalin;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the database (or shares a running one), loads the built-ins and serves HTTP until
 * SIGTERM, with a scoring worker thread and a ClickMe map worker thread unless {@code --no-worker}.
 */
final class ServeCommand implements Command {

    @Override
    public String usage() {
        return "serve [--port N] [--data-dir DIR] [--database-url URL] [--stimuli-dir DIR] [--max-upload-mb N] [--no-worker]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws Exception {
        Tandem tandem = Tandem.open(config, 24);
        tandem.apiTokens.ensure(config.adminToken()).ifPresent(token -> {
            out.println("Admin token (shown once; keep it): " + token);
        });
        tandem.accounts.ensureFirstAdmin(config.adminPassword()).ifPresent(password -> {
            out.println("Console account \"admin\", password (shown once; keep it): " + password);
        });
        BuiltIns.load(tandem, out);
        int stale = tandem.stimulusUpload.removeStaleWork() + tandem.modelUpload.removeStaleWork();
        if (stale > 0) {
            out.println("Removed " + stale + " upload work folder(s) left by an earlier crash");
        }
        Javalin app = tandem.http().start(config.port());
        Worker worker = args.flag("no-worker") ? null
                : tandem.scoring.worker(WorkerCommand.DEFAULT_BATCH, new WorkerCommand.Reporting(tandem, out));
        Thread workerThread = worker == null ? null : startWorker(worker);
        MapWorker maps = worker == null ? null : tandem.mapJobs.worker(1, JobWorker.Events.NONE);
        Thread mapThread = maps == null ? null : startMapWorker(maps);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Order matters: finish in-flight requests and the batch in hand, then close
            // connections, then stop PostgreSQL.
            app.stop();
            if (worker != null) {
                worker.stop();
                maps.stop();
                joinQuietly(workerThread);
                joinQuietly(mapThread);
            }
            tandem.close();
            stopped.countDown();
        }, "tandem-shutdown"));
        String base = "http://localhost:" + app.port();
        out.println("Tandem is running.");
        tandem.experiments.all().stream().map(e -> e.slug()).distinct().forEach(slug ->
                out.println("  Participant link: " + base + "/run/" + slug));
        out.println("  Console:          " + base + "/console");
        out.println("  API base:         " + base + "/api");
        out.println("  Scoring worker:   " + (worker == null ? "off (--no-worker)" : "on"));
        out.println("  Database:         " + (tandem.location.embedded() ? "embedded PostgreSQL in "
                + config.dataDirectory().resolve("postgres").toAbsolutePath() : "external"));
        out.flush();
        stopped.await();
        return 0;
    }

    private static Thread startWorker(Worker worker) {
        Thread thread = new Thread(() -> {
            try (worker) {
                worker.run(WorkerCommand.IDLE);
            }
        }, "tandem-worker");
        thread.start();
        return thread;
    }

    private static Thread startMapWorker(MapWorker maps) {
        Thread thread = new Thread(() -> {
            try (maps) {
                maps.run(WorkerCommand.IDLE);
            }
        }, "tandem-map-worker");
        thread.start();
        return thread;
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
