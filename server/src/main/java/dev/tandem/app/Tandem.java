package dev.tandem.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.account.AccountService;
import dev.tandem.account.ApiTokenService;
import dev.tandem.account.ExperimentAccess;
import dev.tandem.account.LoginSessions;
import dev.tandem.account.PasswordHasher;
import dev.tandem.analysis.ImportedStudyRepository;
import dev.tandem.analysis.MetricsService;
import dev.tandem.analysis.MvhBenchmarkService;
import dev.tandem.analysis.MvhImportService;
import dev.tandem.analysis.mvh.MvhCsvReader;
import dev.tandem.clickme.AlignmentService;
import dev.tandem.clickme.ClickMeExport;
import dev.tandem.clickme.ClickMeService;
import dev.tandem.clickme.MapJobService;
import dev.tandem.clickme.Partners;
import dev.tandem.db.Database;
import dev.tandem.db.DatabaseLocation;
import dev.tandem.experiment.DataCollection;
import dev.tandem.experiment.DefinitionCheck;
import dev.tandem.experiment.ExperimentCatalog;
import dev.tandem.experiment.ExperimentDrafts;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.export.ComparisonExportService;
import dev.tandem.export.ComparisonRepository;
import dev.tandem.http.Guard;
import dev.tandem.http.AccountRoutes;
import dev.tandem.http.ExperimentRoutes;
import dev.tandem.http.AnalysisRoutes;
import dev.tandem.http.KindAnalysis;
import dev.tandem.http.MaskedAnalysis;
import dev.tandem.http.TripletKindAnalysis;
import dev.tandem.http.TripletRoutes;
import dev.tandem.experiment.TrialType;
import dev.tandem.export.TripletComparisonRepository;
import dev.tandem.export.TripletExportService;
import dev.tandem.triplet.TripletMetricsService;
import java.util.EnumMap;
import java.util.Map;
import dev.tandem.http.AuthRoutes;
import dev.tandem.http.ClickMeAnalysisRoutes;
import dev.tandem.http.ClickMeRoutes;
import dev.tandem.http.ConsoleRoutes;
import dev.tandem.http.HttpApi;
import dev.tandem.http.JsonBodies;
import dev.tandem.http.ModelRoutes;
import dev.tandem.http.MonitorRoutes;
import dev.tandem.http.ParticipantRoutes;
import dev.tandem.http.StudyRoutes;
import dev.tandem.http.StimulusRoutes;
import dev.tandem.http.TripletJobRoutes;
import dev.tandem.model.ModelService;
import dev.tandem.model.ScoringService;
import dev.tandem.model.Engines;
import dev.tandem.monitor.SessionMonitor;
import dev.tandem.response.ResponseService;
import dev.tandem.triplet.JudgementService;
import dev.tandem.triplet.TripletJobService;
import dev.tandem.monitor.StudyOverview;
import dev.tandem.session.SessionDeletion;
import dev.tandem.session.SessionService;
import dev.tandem.session.TrialPreview;
import dev.tandem.stimulus.StimulusCatalog;
import dev.tandem.stimulus.StimulusService;
import dev.tandem.upload.ModelUpload;
import dev.tandem.upload.StimulusSetUpload;
import dev.tandem.upload.UploadLimits;
import io.javalin.Javalin;
import java.util.List;

/** The one place where Tandem is wired: every service is built here with {@code new}. */
public final class Tandem implements AutoCloseable {

    final AppConfig config;
    final ObjectMapper json = Json.mapper();
    final DatabaseLocation location;
    final Database database;
    final StimulusService stimuli;
    final ExperimentService experiments;
    final ExperimentCatalog catalog;
    final ExperimentDrafts drafts;
    final DataCollection collection;
    final SessionMonitor monitor;
    final SessionService sessions;
    final SessionDeletion sessionDeletion;
    final StudyOverview overview;
    final ResponseService responses;
    final JudgementService judgements;
    final ApiTokenService apiTokens;
    final LoginSessions logins;
    final AccountService accounts;
    final ExperimentAccess experimentAccess;
    final ComparisonExportService comparisonExport;
    final MetricsService metrics;
    final TripletMetricsService tripletMetrics;
    final TripletExportService tripletExport;
    final MvhImportService mvhImport;
    final MvhBenchmarkService mvhBenchmark;
    final ModelService models;
    final ScoringService scoring;
    final Partners partners;
    final ClickMeService clickme;
    final MapJobService mapJobs;
    final TripletJobService tripletJobs;
    final AlignmentService alignment;
    final ClickMeExport clickmeExport;
    final StimulusCatalog stimulusCatalog;
    final StimulusSetUpload stimulusUpload;
    final ModelUpload modelUpload;

    private Tandem(AppConfig config, int poolSize) {
        this.config = config;
        this.location = DatabaseLocation.resolve(config.databaseUrl(), config.dataDirectory(), config.databasePort());
        Database opened;
        try {
            opened = Database.open(location.jdbcUrl(), poolSize).migrate();
        } catch (RuntimeException e) {
            location.close(); // stop the PostgreSQL this process started for nothing
            throw e;
        }
        this.database = opened;
        var dsl = database.dsl();
        this.stimuli = new StimulusService(dsl);
        var engines = Engines.fromEnvironment();
        this.partners = new Partners(config.stimuliDirectory(), engines);
        this.experiments = new ExperimentService(dsl, json, stimuli, partners);
        this.experimentAccess = new ExperimentAccess(dsl);
        var definitionCheck = new DefinitionCheck(json, stimuli, partners);
        this.catalog = new ExperimentCatalog(dsl, json, experimentAccess, definitionCheck, config.publicUrl());
        this.drafts = new ExperimentDrafts(dsl, json, experiments, experimentAccess, definitionCheck);
        this.collection = new DataCollection(dsl, catalog);
        this.monitor = new SessionMonitor(dsl, catalog);
        this.overview = new StudyOverview(dsl, json, catalog, experiments, collection);
        this.sessions = new SessionService(dsl, json, experiments, stimuli, collection);
        this.responses = new ResponseService(dsl, sessions);
        this.judgements = new JudgementService(dsl, sessions);
        this.sessionDeletion = new SessionDeletion(dsl, json, experimentAccess);
        this.apiTokens = new ApiTokenService(dsl);
        this.logins = new LoginSessions(dsl);
        this.accounts = new AccountService(dsl, new PasswordHasher(), logins);
        var comparison = new ComparisonRepository();
        this.comparisonExport = new ComparisonExportService(dsl, comparison);
        this.metrics = new MetricsService(dsl, comparison);
        var tripletRows = new TripletComparisonRepository();
        this.tripletMetrics = new TripletMetricsService(dsl, experiments, comparison, tripletRows);
        this.tripletExport = new TripletExportService(dsl, comparison, tripletRows);
        var importedStudies = new ImportedStudyRepository();
        this.mvhImport = new MvhImportService(dsl, importedStudies, new MvhCsvReader());
        this.mvhBenchmark = new MvhBenchmarkService(dsl, importedStudies);
        this.models = new ModelService(dsl, engines);
        this.scoring = new ScoringService(dsl, json, models, experiments);
        this.clickme = new ClickMeService(dsl, json, sessions, stimuli, partners);
        this.mapJobs = new MapJobService(dsl, json, models, experiments);
        this.tripletJobs = new TripletJobService(dsl, json, models, experiments);
        this.alignment = new AlignmentService(dsl, json, models, stimuli);
        this.clickmeExport = new ClickMeExport(dsl, json);
        var uploadLimits = UploadLimits.ofMebibytes(config.maxUploadMb());
        this.stimulusCatalog = new StimulusCatalog(dsl);
        this.stimulusUpload = new StimulusSetUpload(stimuli, uploadLimits, config.dataDirectory().resolve("uploads"));
        this.modelUpload = new ModelUpload(models, uploadLimits, config.dataDirectory().resolve("models"));
    }

    /** Connects (starting or sharing the embedded PostgreSQL if no URL is given) and migrates. */
    public static Tandem open(AppConfig config, int poolSize) {
        return new Tandem(config, poolSize);
    }

    public Javalin http() {
        JsonBodies bodies = new JsonBodies(json);
        return HttpApi.create(json, database, new Guard(apiTokens, logins, experimentAccess), List.of(
                new AuthRoutes(accounts, logins, bodies),
                new AccountRoutes(accounts, apiTokens, bodies),
                new ConsoleRoutes(),
                new ParticipantRoutes(sessions, responses, judgements, stimuli, bodies, sessionDeletion),
                new StudyRoutes(sessions, sessionDeletion, overview, new TrialPreview(database.dsl(), experiments, stimuli), bodies),
                new ClickMeRoutes(clickme, bodies),
                new ExperimentRoutes(drafts, catalog, collection, comparisonExport, bodies),
                new MonitorRoutes(monitor),
                new AnalysisRoutes(metrics, experiments, comparisonExport, mvhImport, mvhBenchmark, bodies, analysisByKind()),
                new TripletRoutes(tripletMetrics, experiments),
                new ModelRoutes(models, scoring, modelUpload, experimentAccess, bodies),
                new StimulusRoutes(stimulusCatalog, stimulusUpload),
                new ClickMeAnalysisRoutes(mapJobs, alignment, clickmeExport, bodies, experimentAccess),
                new TripletJobRoutes(tripletJobs, bodies, experimentAccess)));
    }

    /** The metrics and comparison export of each trial type's experiments (issue 13). */
    private Map<TrialType, KindAnalysis> analysisByKind() {
        KindAnalysis masked = new MaskedAnalysis(metrics, comparisonExport);
        Map<TrialType, KindAnalysis> byKind = new EnumMap<>(TrialType.class);
        byKind.put(TrialType.MASKED, masked);
        byKind.put(TrialType.CLICKME, masked);
        byKind.put(TrialType.TRIPLET, new TripletKindAnalysis(tripletMetrics, tripletExport));
        return byKind;
    }

    @Override
    public void close() {
        partners.close();
        database.close();
        location.close();
    }
}
