package dev.tandem.http;

import dev.tandem.export.ExportFilter;
import dev.tandem.export.ExportFormat;
import dev.tandem.export.TripletExportService;
import dev.tandem.triplet.TripletMetricsService;
import io.javalin.http.Context;
import java.io.OutputStream;

/**
 * Metrics and comparison export of triplet experiments (issue 13): agreement, ceilings and RSA
 * ({@link TripletMetricsService}, options from {@link TripletParams}), one row per observer and triplet.
 */
public final class TripletKindAnalysis implements KindAnalysis {

    private final TripletMetricsService metrics;
    private final TripletExportService export;

    public TripletKindAnalysis(TripletMetricsService metrics, TripletExportService export) {
        this.metrics = metrics;
        this.export = export;
    }

    @Override
    public Object metrics(Context ctx, ExportFilter filter) {
        return metrics.metrics(filter, TripletParams.options(ctx));
    }

    @Override
    public void requireExport(ExportFilter filter, ExportFormat format) {
        export.requireFormat(format);
        export.requireSource(filter);
    }

    @Override
    public void comparison(ExportFilter filter, ExportFormat format, OutputStream out) {
        export.export(filter, format, out);
    }
}
