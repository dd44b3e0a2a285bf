package dev.tandem.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** The comparison dataset as JSON Lines, written with Jackson's streaming generator. */
final class JsonlComparisonWriter implements ComparisonWriter {

    private static final List<SerializedString> KEYS =
            ComparisonColumns.NAMES.stream().map(SerializedString::new).toList();

    private final JsonGenerator json;

    JsonlComparisonWriter(OutputStream out) throws IOException {
        this.json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.setRootValueSeparator(new SerializedString("\n"));
    }

    @Override
    public void write(ComparisonRow r) throws IOException {
        json.writeStartObject();
        text(0, r.observerKind());
        text(1, r.observerId());
        text(2, r.study());
        number(3, r.version());
        text(4, r.session());
        number(5, r.trialIndex());
        text(6, r.stimulusSha256());
        text(7, r.imageName());
        text(8, r.category());
        text(9, r.manipulation());
        text(10, r.level());
        number(11, r.requestedMs());
        number(12, r.plannedFrames());
        number(13, r.framesShown());
        text(14, r.response());
        json.writeFieldName(KEYS.get(15));
        json.writeBoolean(r.correct());
        json.writeFieldName(KEYS.get(16));
        if (r.rtMs() == null) {
            json.writeNull();
        } else {
            json.writeNumber(r.rtMs());
        }
        json.writeFieldName(KEYS.get(17));
        if (r.timingOk() == null) {
            json.writeNull();
        } else {
            json.writeBoolean(r.timingOk());
        }
        json.writeEndObject();
    }

    private void text(int key, String value) throws IOException {
        json.writeFieldName(KEYS.get(key));
        json.writeString(value);
    }

    private void number(int key, Integer value) throws IOException {
        json.writeFieldName(KEYS.get(key));
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value);
        }
    }

    @Override
    public void close() throws IOException {
        json.writeRaw('\n');
        json.close();
    }
}
