package dev.tandem.export;

import dev.tandem.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 4's export benchmark: N comparison rows (human trials of one experiment) exported by
 * Tandem (cursor → CSV writer) and by PostgreSQL's own {@code COPY (same query) TO STDOUT}; prints
 * rows/s, peak heap above the idle baseline, and the ratio. Run:
 * {@code mvn -o -q -pl server exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.tandem.export.ExportBenchmark -Dexec.args="1000000"}
 */
public final class ExportBenchmark {

    private static final int TRIALS_PER_SESSION = 1000;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        PGSimpleDataSource dataSource = TestDatabase.freshDataSource();
        DSLContext ctx = DSL.using(dataSource, SQLDialect.POSTGRES);
        long t0 = System.nanoTime();
        fill(ctx, rows);
        System.out.printf(Locale.ROOT, "filled %,d rows in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);

        ComparisonRepository repository = new ComparisonRepository();
        ComparisonExportService service = new ComparisonExportService(ctx, repository);
        ExportFilter filter = ExportFilter.experiment("bench");
        String copySql = "COPY (" + ctx.renderInlined(repository.query(ctx, filter)) + ") TO STDOUT (FORMAT csv, HEADER)";

        for (int round = 1; round <= 2; round++) { // round 1 warms the JIT and PostgreSQL's cache
            Run tandem = measure(() -> service.export(filter, ExportFormat.CSV, new CountingStream()));
            Run copy = measure(() -> {
                try (Connection c = dataSource.getConnection()) {
                    CountingStream out = new CountingStream();
                    c.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql, out);
                    return out.lines - 1;
                }
            });
            if (round == 2) {
                print("tandem export (csv)", tandem);
                print("COPY ... TO STDOUT", copy);
                System.out.printf(Locale.ROOT, "ratio tandem/COPY rows per second: %.2f%n",
                        tandem.rowsPerSecond() / copy.rowsPerSecond());
            }
        }
        System.exit(0);
    }

    private static void fill(DSLContext ctx, int rows) {
        int sessions = Math.max(1, rows / TRIALS_PER_SESSION);
        String sha = "'" + "a".repeat(64) + "'";
        ctx.execute("INSERT INTO image_blob (sha256, media_type, width, height, bytes) VALUES (" + sha + ", 'image/png', 1, 1, '\\x00')");
        ctx.execute("INSERT INTO stimulus_set (name, version, manifest, manifest_sha256) VALUES ('fm', '1', '{}', 'x')");
        ctx.execute("INSERT INTO experiment (slug, version, definition, definition_sha256, stimulus_set_id) "
                + "SELECT 'bench', 1, '{}', 'd', id FROM stimulus_set");
        ctx.execute("INSERT INTO session (id, token_sha256, experiment_id, assignment_slot, status) "
                + "SELECT gen_random_uuid(), 'tok' || s, e.id, s, 'completed' FROM experiment e, generate_series(1, "
                + sessions + ") s");
        ctx.execute("INSERT INTO trial (session_id, trial_index, block, practice, image_index, image_file, category, "
                + "manipulation, level, requested_ms, stimulus_sha256, mask_seed, mask_sha256, planned_frames) "
                + "SELECT s.id, t, 1, false, t % 500, 'img' || (t % 500) || '.png', 'Category ' || (t % 10), "
                + "'lowpass', (t % 8)::float, 17 * (1 + t % 6), " + sha + ", t, " + sha + ", 1 + t % 6 "
                + "FROM session s, generate_series(0, " + (TRIALS_PER_SESSION - 1) + ") t");
        ctx.execute("INSERT INTO response (response_id, session_id, trial_index, response, source, rt_ms, timing_ok, "
                + "stimulus_frames_shown, timing) SELECT gen_random_uuid(), session_id, trial_index, "
                + "'Category ' || (trial_index * 7 % 10), 'key', 400 + trial_index % 300, true, planned_frames, '{}' FROM trial");
        ctx.execute("VACUUM ANALYZE");
    }

    interface Export {
        long run() throws Exception;
    }

    record Run(long rows, double seconds, long peakHeapBytes) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private static Run measure(Export export) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long start = System.nanoTime();
        long rows = export.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        sampler.join();
        return new Run(rows, seconds, peak.get() - baseline);
    }

    private static void print(String name, Run run) {
        System.out.printf(Locale.ROOT, "%-22s %,10d rows  %6.2f s  %,10.0f rows/s  peak heap +%.1f MiB%n",
                name, run.rows(), run.seconds(), run.rowsPerSecond(), run.peakHeapBytes() / 1048576.0);
    }

    /** Discards bytes, counting lines. */
    static final class CountingStream extends OutputStream {
        long lines;

        @Override
        public void write(int b) {
            if (b == '\n') {
                lines++;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines++;
                }
            }
        }
    }
}
