package dev.tandem.http;

import dev.tandem.export.ExportFilter;
import dev.tandem.export.ExportFormat;
import io.javalin.http.Context;
import java.io.OutputStream;

/**
 * What an experiment's metrics and comparison export answer for one trial kind (issue 13). The app
 * maps each {@code TrialType} to one of these; {@link AnalysisRoutes} looks the experiment's up and
 * asks it, without naming kinds.
 */
public interface KindAnalysis {

    /** The metrics answer, a record Jackson writes; reads its own query parameters (400 naming a bad one). */
    Object metrics(Context ctx, ExportFilter filter);

    /**
     * Fails unless the filter's experiment is stored (404) and the format is one this kind exports
     * (400 naming "format"); called before the export starts streaming.
     */
    void requireExport(ExportFilter filter, ExportFormat format);

    /** Streams the comparison rows in the format; does not close {@code out}. */
    void comparison(ExportFilter filter, ExportFormat format, OutputStream out);
}
