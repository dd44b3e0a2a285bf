package dev.tandem.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The comparison dataset in model-vs-human's raw-data layout, so their plotting code reads it:
 * {@code subj,session,trial,rt,object_response,category,condition,imagename}. rt in seconds (NaN when
 * none), a timeout as "na". Tandem's rows get condition {@code <manipulation>:<level>:<ms>ms} and
 * imagename {@code <trial>_<manipulation>_<sha256>.png}, whose image id (model-vs-human pairs on the
 * last "_" part) is the stimulus hash; imported rows keep their published condition and imagename.
 */
final class MvhComparisonWriter implements ComparisonWriter {

    private final Writer out;

    MvhComparisonWriter(OutputStream stream) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        out.write("subj,session,trial,rt,object_response,category,condition,imagename\n");
    }

    @Override
    public void write(ComparisonRow r) throws IOException {
        boolean imported = r.stimulusSha256() == null;
        field(r.observerId());
        field(r.session());
        field(Integer.toString(imported ? r.trialIndex() : r.trialIndex() + 1));
        field(r.rtMs() == null ? "NaN" : Double.toString(r.rtMs() / 1000));
        field(r.response() == null ? "na" : r.response());
        field(r.category());
        field(imported ? r.level() : r.manipulation() + ":" + (r.level() == null ? "" : r.level()) + ":"
                + r.requestedMs() + "ms");
        out.write(clean(imported ? r.imageName()
                : String.format(Locale.ROOT, "%04d_%s_%s.png", r.trialIndex() + 1, r.manipulation(), r.stimulusSha256())));
        out.write('\n');
    }

    private void field(String value) throws IOException {
        out.write(clean(value));
        out.write(',');
    }

    /** model-vs-human's files are unquoted; a comma or line break in a value would shift columns. */
    private static String clean(String value) {
        return value.replace(',', ';').replace('\n', ' ').replace('\r', ' ');
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
