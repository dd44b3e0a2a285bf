package dev.tandem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny model-vs-human raw-data folder whose benchmark is worked out by hand: dataset colour, one
 * model (resnet50) and two subjects on four images in the kept condition bw (plus one image in cr,
 * which the benchmark leaves out).
 *
 * <pre>
 * outcomes on bw   n01_1 n01_2 n01_3 n01_4  accuracy
 * resnet50           1     1     0     0      .50
 * subject-01         1     0     0     0      .25
 * subject-02         1     1     1     0      .75
 * </pre>
 * resnet50 vs either subject: c_obs .75, c_exp .5, κ .5, (p1 − p2)² .0625 → row .063 .750 .500 .500.
 * subject-01 vs subject-02: c_obs .5, c_exp .375, κ .2, (p1 − p2)² .25 → humans .250 .500 .200 .500.
 */
public final class MvhFixture {

    public static final String HEADER = "subj,session,trial,rt,object_response,category,condition,imagename\n";

    private MvhFixture() {
    }

    /** Writes {@code raw/colour/} with the two subjects' and the model's files; returns {@code raw}. */
    public static Path write(Path raw) {
        write(raw, "colour/colour_resnet50_session-1.csv", HEADER
                + "resnet50,1,1,NaN,cat,cat,bw,0001_cl_dnn_bw_cat_40_n01_1.png\n"
                + "resnet50,1,2,NaN,dog,dog,bw,0002_cl_dnn_bw_dog_40_n01_2.png\n"
                + "resnet50,1,3,NaN,dog,cat,bw,0003_cl_dnn_bw_cat_40_n01_3.png\n"
                + "resnet50,1,4,NaN,cat,dog,bw,0004_cl_dnn_bw_dog_40_n01_4.png\n"
                + "resnet50,1,5,NaN,cat,cat,cr,0005_cl_dnn_cr_cat_40_n01_5.png\n");
        write(raw, "colour/colour_subject-01_session_1.csv", HEADER
                + "subject-01,1,1,0.5,cat,cat,bw,0001_cl_s01_bw_cat_40_n01_1.png\n"
                + "subject-01,1,2,0.6,cat,dog,bw,0002_cl_s01_bw_dog_40_n01_2.png\n"
                + "subject-01,1,3,0.7,na,cat,bw,0003_cl_s01_bw_cat_40_n01_3.png\n"
                + "subject-01,1,4,0.8,cat,dog,bw,0004_cl_s01_bw_dog_40_n01_4.png\n"
                + "subject-01,1,5,0.9,dog,cat,cr,0005_cl_s01_cr_cat_40_n01_5.png\n");
        write(raw, "colour/colour_subject-02_session_1.csv", HEADER
                + "subject-02,1,1,0.5,cat,cat,bw,0001_cl_s02_bw_cat_40_n01_1.png\n"
                + "subject-02,1,2,0.6,dog,dog,bw,0002_cl_s02_bw_dog_40_n01_2.png\n"
                + "subject-02,1,3,0.7,cat,cat,bw,0003_cl_s02_bw_cat_40_n01_3.png\n"
                + "subject-02,1,4,0.8,cat,dog,bw,0004_cl_s02_bw_dog_40_n01_4.png\n"
                + "subject-02,1,5,0.9,cat,cat,cr,0005_cl_s02_cr_cat_40_n01_5.png\n");
        return raw;
    }

    /** Adds a file whose third line is short; returns its name. */
    public static String writeMalformed(Path raw) {
        write(raw, "colour/colour_subject-03_session_1.csv", HEADER
                + "subject-03,1,1,0.5,cat,cat,bw,0001_cl_s03_bw_cat_40_n01_1.png\nsubject-03,1,2,0.5,cat\n");
        return "colour_subject-03_session_1.csv";
    }

    private static void write(Path raw, String name, String content) {
        try {
            Files.createDirectories(raw.resolve(name).getParent());
            Files.writeString(raw.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
