package dev.tandem.app;

import dev.tandem.RepositoryFiles;
import dev.tandem.TestDatabase;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tandem as tests use it: a fresh PostgreSQL database copied from a template in which the
 * built-in stimulus sets and experiments of {@code stimuli/} are already loaded.
 */
public final class TestTandem implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private final Tandem tandem;
    private Javalin http;

    private TestTandem(Tandem tandem) {
        this.tandem = tandem;
    }

    /** Tandem over a fresh copy of the database with the built-ins loaded. */
    public static TestTandem withBuiltIns() {
        return withBuiltIns(dev.tandem.upload.UploadLimits.DEFAULT_MAX_UPLOAD_MB);
    }

    /** As {@link #withBuiltIns()}, taking uploads of at most {@code maxUploadMb} MiB. */
    public static TestTandem withBuiltIns(int maxUploadMb) {
        String url = TestDatabase.fromTemplate("tandem_builtins", template -> {
            try (Tandem filling = Tandem.open(config(template), 4)) {
                BuiltIns.load(filling, new PrintStream(new ByteArrayOutputStream()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        AppConfig config = config(url);
        Tandem tandem = Tandem.open(new AppConfig(config.dataDirectory(), config.databaseUrl(), config.port(),
                config.stimuliDirectory(), config.adminToken(), config.adminPassword(), config.publicUrl(),
                maxUploadMb), 16);
        tandem.apiTokens.ensure(Optional.of(ADMIN_TOKEN));
        return new TestTandem(tandem);
    }

    static AppConfig config(String url) {
        try {
            Path data = Files.createTempDirectory("tandem-test-data");
            return new AppConfig(data, Optional.of(url), 0, RepositoryFiles.stimuli(), Optional.of(ADMIN_TOKEN),
                    Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the HTTP API on a free port; returns its base URL. */
    public String startHttp() {
        http = tandem.http().start(0);
        return "http://localhost:" + http.port();
    }

    /** Every registered HTTP route of the started API as {@code "METHOD /path"}. */
    public java.util.List<String> routes() {
        return http.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(e -> e.getEndpoint().getMethod() + " " + e.getEndpoint().getPath())
                .toList();
    }

    public Tandem tandem() {
        return tandem;
    }

    public dev.tandem.stimulus.StimulusCatalog stimulusCatalog() {
        return tandem.stimulusCatalog;
    }

    public org.jooq.DSLContext dsl() {
        return tandem.database.dsl();
    }

    public dev.tandem.experiment.ExperimentService experiments() {
        return tandem.experiments;
    }

    public dev.tandem.session.SessionService sessions() {
        return tandem.sessions;
    }

    public dev.tandem.response.ResponseService responses() {
        return tandem.responses;
    }

    /** This instance's data folder (a fresh temporary folder). */
    public Path dataDirectory() {
        return tandem.config.dataDirectory();
    }

    /** The JDBC URL of this test's database, for commands run through {@code Main}. */
    /** What a command printed and the code it exited with. */
    public record Run(int code, String out, String err) {}

    /** Runs a command line (as {@code java -jar tandem.jar WORDS…}) against this Tandem's database. */
    public Run command(String... words) {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        var args = new java.util.ArrayList<>(java.util.List.of(words));
        args.addAll(java.util.List.of("--database-url", databaseUrl()));
        int code = Main.run(args, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        return new Run(code, out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    public String databaseUrl() {
        return tandem.config.databaseUrl().orElseThrow();
    }

    public dev.tandem.model.ModelService models() {
        return tandem.models;
    }

    public dev.tandem.model.ScoringService scoring() {
        return tandem.scoring;
    }

    public dev.tandem.export.ComparisonExportService exports() {
        return tandem.comparisonExport;
    }

    public com.fasterxml.jackson.databind.ObjectMapper json() {
        return tandem.json;
    }

    public dev.tandem.clickme.ClickMeService clickme() {
        return tandem.clickme;
    }

    public dev.tandem.clickme.MapJobService mapJobs() {
        return tandem.mapJobs;
    }

    public dev.tandem.triplet.TripletJobService tripletJobs() {
        return tandem.tripletJobs;
    }

    public dev.tandem.clickme.AlignmentService alignment() {
        return tandem.alignment;
    }

    public dev.tandem.account.ExperimentAccess experimentAccess() {
        return tandem.experimentAccess;
    }

    public dev.tandem.experiment.ExperimentCatalog catalog() {
        return tandem.catalog;
    }

    public dev.tandem.experiment.ExperimentDrafts drafts() {
        return tandem.drafts;
    }

    public dev.tandem.experiment.DataCollection collection() {
        return tandem.collection;
    }

    public dev.tandem.monitor.SessionMonitor monitor() {
        return tandem.monitor;
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop();
        }
        tandem.close();
    }
}
