package dev.tandem.model;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The inputs and outputs of an ONNX graph, read from {@code model.onnx} without loading ONNX
 * Runtime, so that {@link ModelFolder#read} can check model.json against the graph and name the
 * problem. Only the few fields needed are decoded from the protobuf (onnx.proto: ModelProto.graph
 * = 7; GraphProto.initializer = 5, input = 11, output = 12; ValueInfoProto.name = 1, type = 2;
 * TypeProto.tensor_type = 1; Tensor.elem_type = 1, shape = 2; TensorShapeProto.dim = 1;
 * Dimension.dim_value = 1); the weights are skipped, not read into memory.
 *
 * @param inputs the graph's inputs that are not initializers (older exporters list weights as inputs too)
 * @param outputs in the graph's order, which is the order ONNX Runtime returns them in
 */
record OnnxGraph(List<Tensor> inputs, List<Tensor> outputs) {

    /** ONNX's TensorProto.DataType FLOAT. */
    static final int FLOAT = 1;

    private static final int VARINT = WireFormat.WIRETYPE_VARINT;
    private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;

    /**
     * One input or output.
     *
     * @param elementType ONNX's TensorProto.DataType (1 = float32)
     * @param dimensions -1 where a dimension is symbolic (e.g. the batch) or unknown; null when the rank is unknown
     */
    record Tensor(String name, int elementType, long[] dimensions) {
        String shape() {
            return dimensions == null ? "unknown" : Arrays.toString(dimensions);
        }
    }

    static OnnxGraph read(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CodedInputStream model = CodedInputStream.newInstance(in);
            model.setSizeLimit(Integer.MAX_VALUE);
            OnnxGraph graph = null;
            for (int tag; (tag = model.readTag()) != 0; ) {
                if (tag == tag(7, LENGTH_DELIMITED)) {
                    int limit = model.pushLimit(model.readRawVarint32());
                    graph = graph(model);
                    model.popLimit(limit);
                } else {
                    model.skipField(tag);
                }
            }
            if (graph == null) {
                throw new InvalidModelException("model.onnx", file + " holds no ONNX graph");
            }
            return graph;
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidModelException("model.onnx", file + " is not an ONNX model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A protobuf field's tag: its number and wire type. */
    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    Tensor output(String name) {
        return outputs.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    List<String> outputNames() {
        return outputs.stream().map(Tensor::name).toList();
    }

    private static OnnxGraph graph(CodedInputStream in) throws IOException {
        List<Tensor> inputs = new ArrayList<>();
        List<Tensor> outputs = new ArrayList<>();
        Set<String> initializers = new HashSet<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED
                    || (field != 5 && field != 11 && field != 12)) {
                in.skipField(tag);
                continue;
            }
            int limit = in.pushLimit(in.readRawVarint32());
            if (field == 5) {
                initializers.add(initializerName(in));
            } else {
                (field == 11 ? inputs : outputs).add(valueInfo(in));
            }
            in.popLimit(limit);
        }
        inputs.removeIf(tensor -> initializers.contains(tensor.name()));
        return new OnnxGraph(List.copyOf(inputs), List.copyOf(outputs));
    }

    /** TensorProto.name = 8. */
    private static String initializerName(CodedInputStream in) throws IOException {
        String name = "";
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag == tag(8, LENGTH_DELIMITED)) {
                name = in.readStringRequireUtf8();
            } else {
                in.skipField(tag);
            }
        }
        return name;
    }

    private static Tensor valueInfo(CodedInputStream in) throws IOException {
        String name = "";
        int elementType = 0;
        long[] dimensions = null;
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag == tag(1, LENGTH_DELIMITED)) {
                name = in.readStringRequireUtf8();
            } else if (tag == tag(2, LENGTH_DELIMITED)) {
                int typeLimit = in.pushLimit(in.readRawVarint32());
                for (int t; (t = in.readTag()) != 0; ) {
                    if (t == tag(1, LENGTH_DELIMITED)) { // tensor_type
                        int tensorLimit = in.pushLimit(in.readRawVarint32());
                        for (int u; (u = in.readTag()) != 0; ) {
                            if (u == tag(1, VARINT)) {
                                elementType = in.readInt32();
                            } else if (u == tag(2, LENGTH_DELIMITED)) {
                                int shapeLimit = in.pushLimit(in.readRawVarint32());
                                dimensions = dimensions(in);
                                in.popLimit(shapeLimit);
                            } else {
                                in.skipField(u);
                            }
                        }
                        in.popLimit(tensorLimit);
                    } else {
                        in.skipField(t);
                    }
                }
                in.popLimit(typeLimit);
            } else {
                in.skipField(tag);
            }
        }
        return new Tensor(name, elementType, dimensions);
    }

    private static long[] dimensions(CodedInputStream in) throws IOException {
        List<Long> dimensions = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag != tag(1, LENGTH_DELIMITED)) {
                in.skipField(tag);
                continue;
            }
            int limit = in.pushLimit(in.readRawVarint32());
            long size = -1; // dim_param (a symbol such as "batch") or nothing
            for (int t; (t = in.readTag()) != 0; ) {
                if (t == tag(1, VARINT)) {
                    size = in.readInt64();
                } else {
                    in.skipField(t);
                }
            }
            in.popLimit(limit);
            dimensions.add(size);
        }
        return dimensions.stream().mapToLong(Long::longValue).toArray();
    }
}
