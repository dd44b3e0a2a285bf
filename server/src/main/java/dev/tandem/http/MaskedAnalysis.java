package dev.tandem.http;

import dev.tandem.analysis.MetricsService;
import dev.tandem.export.ComparisonExportService;
import dev.tandem.export.ExportFilter;
import dev.tandem.export.ExportFormat;
import io.javalin.http.Context;
import java.io.OutputStream;

/**
 * Metrics and comparison export of masked (and ClickMe) experiments: accuracy, error consistency
 * and psychometric curves ({@link MetricsService}), one row per observer and trial.
 */
public final class MaskedAnalysis implements KindAnalysis {

    private final MetricsService metrics;
    private final ComparisonExportService export;

    public MaskedAnalysis(MetricsService metrics, ComparisonExportService export) {
        this.metrics = metrics;
        this.export = export;
    }

    @Override
    public Object metrics(Context ctx, ExportFilter filter) {
        return metrics.metrics(filter, AnalysisRoutes.consistencyOptions(ctx));
    }

    @Override
    public void requireExport(ExportFilter filter, ExportFormat format) {
        export.requireSource(filter);
    }

    @Override
    public void comparison(ExportFilter filter, ExportFormat format, OutputStream out) {
        export.export(filter, format, out);
    }
}
