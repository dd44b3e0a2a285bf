package dev.tandem.app;

import dev.tandem.clickme.MapWorker;
import dev.tandem.jobs.JobWorker;
import dev.tandem.model.Worker;
import dev.tandem.triplet.TripletWorker;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the database (or shares a running one), loads the built-ins and serves HTTP until
 * SIGTERM, with a scoring worker thread, a ClickMe map worker thread and a triplet worker thread unless
 * {@code --no-worker}.
 *
 * <p>A busy HTTP port is reported before any startup work. A serve that fails after the
 * database started stops what it started. While it serves, an embedded PostgreSQL that dies is
 * restarted; if it cannot be, the process exits with {@link #DATABASE_LOST} for its supervisor.
 */
final class ServeCommand implements Command {

    /** The exit code when the embedded PostgreSQL died and could not be restarted. */
    static final int DATABASE_LOST = 3;
    /** How often the embedded PostgreSQL's process is looked at. */
    private static final Duration WATCH_EVERY = Duration.ofMillis(500);

    @Override
    public String usage() {
        return "serve [--port N] [--host ADDRESS] [--data-dir DIR] [--database-url URL] [--db-port N] [--stimuli-dir DIR]"
                + " [--max-upload-mb N] [--no-worker]";
    }

    @Override
    public int run(Args args, AppConfig config, PrintStream out) throws Exception {
        checkPortFree(config.host(), config.port());
        Tandem tandem = Tandem.open(config, 24);
        try {
            return serve(tandem, args, config, out);
        } catch (Exception | Error e) {
            tandem.close(); // nothing is served: stop what this process started (the embedded PostgreSQL)
            throw e;
        }
    }

    /** Fails with "port N is in use" when the HTTP port cannot be bound, before anything else starts. */
    static void checkPortFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Jetty binds: a port in TIME_WAIT is free
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is in use" + (AppConfig.ALL_INTERFACES.equals(host) ? ""
                    : " on " + host) + " (" + e.getMessage() + "); choose another with --port or TANDEM_PORT");
        }
    }

    private int serve(Tandem tandem, Args args, AppConfig config, PrintStream out) throws Exception {
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
        Javalin app;
        try {
            app = tandem.http().start(config.host(), config.port());
        } catch (RuntimeException e) { // Jetty's own message ("STOPPED") says nothing of the cause
            throw new IllegalStateException("cannot serve HTTP on " + config.host() + ":" + config.port()
                    + " (port in use, or no such interface): " + e.getMessage(), e);
        }
        Worker worker = args.flag("no-worker") ? null
                : tandem.scoring.worker(WorkerCommand.DEFAULT_BATCH, new WorkerCommand.Reporting(tandem, out));
        Thread workerThread = worker == null ? null : startWorker(worker);
        MapWorker maps = worker == null ? null : tandem.mapJobs.worker(1, JobWorker.Events.NONE);
        Thread mapThread = maps == null ? null : startMapWorker(maps);
        TripletWorker triplets = worker == null ? null : tandem.tripletJobs.worker(WorkerCommand.DEFAULT_BATCH, JobWorker.Events.NONE);
        Thread tripletThread = triplets == null ? null : startTripletWorker(triplets);
        CountDownLatch stopped = new CountDownLatch(1);
        tandem.location.superviseEmbedded(WATCH_EVERY, () -> {
            System.err.println("tandem: the embedded PostgreSQL stopped and could not be restarted; exiting");
            System.exit(DATABASE_LOST); // runs the shutdown hook below
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Order matters: finish in-flight requests and the batch in hand, then close
            // connections, then stop PostgreSQL.
            app.stop();
            if (worker != null) {
                worker.stop();
                maps.stop();
                triplets.stop();
                joinQuietly(workerThread);
                joinQuietly(mapThread);
                joinQuietly(tripletThread);
            }
            tandem.close();
            stopped.countDown();
        }, "tandem-shutdown"));
        String base = "http://" + (AppConfig.ALL_INTERFACES.equals(config.host()) ? "localhost" : config.host())
                + ":" + app.port();
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

    private static Thread startTripletWorker(TripletWorker triplets) {
        Thread thread = new Thread(() -> {
            try (triplets) {
                triplets.run(WorkerCommand.IDLE);
            }
        }, "tandem-triplet-worker");
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
