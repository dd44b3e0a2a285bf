package dev.tandem.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * An export as JSON Lines, written with Jackson's streaming generator: one object per row, keys
 * as the CSV header, numbers and booleans as JSON values, a JSON column (the timing record) nested.
 */
final class JsonlExportWriter implements ExportWriter {

    private final JsonGenerator json;
    private final List<SerializedString> keys;
    private final List<ExportColumn.Kind> kinds;

    JsonlExportWriter(OutputStream out, List<ExportColumn> columns) throws IOException {
        this.json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.setRootValueSeparator(new SerializedString("\n"));
        this.keys = columns.stream().map(c -> new SerializedString(c.name())).toList();
        this.kinds = columns.stream().map(ExportColumn::kind).toList();
    }

    @Override
    public void write(Object[] values) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < keys.size(); i++) {
            json.writeFieldName(keys.get(i));
            Object value = values[i];
            if (value == null) {
                json.writeNull();
                continue;
            }
            switch (kinds.get(i)) {
                case INTEGER -> json.writeNumber(((Number) value).longValue());
                case NUMBER -> json.writeNumber(((Number) value).doubleValue());
                case BOOLEAN -> json.writeBoolean((Boolean) value);
                case JSON -> json.writeRawValue(value.toString());
                case TEXT, TIMESTAMP -> json.writeString(value.toString());
            }
        }
        json.writeEndObject();
    }

    @Override
    public void close() throws IOException {
        json.writeRaw('\n');
        json.close();
    }
}
