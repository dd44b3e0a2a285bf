package dev.tandem.analysis.mvh;

/**
 * The image-specific suffix of a model-vs-human imagename, which pairs trials of different
 * observers (model-vs-human's {@code get_short_imagename}): humans' names carry a trial prefix
 * such as "0001_cl_s01_bw_…", models' names do not.
 */
public final class MvhImageId {

    private MvhImageId() {
    }

    /**
     * Split on "_"; with two or more parts keep the last two joined by "_" when the first of them
     * is an ImageNet id ("n0…"), else only the last; a name without "_" is its own id.
     * "0000_cl_s01_bw_boat_40_n02951358_5952.JPEG" → "n02951358_5952.JPEG".
     */
    public static String of(String imagename) {
        String[] parts = imagename.split("_", -1);
        if (parts.length < 2) {
            return imagename;
        }
        String secondLast = parts[parts.length - 2];
        String last = parts[parts.length - 1];
        return secondLast.startsWith("n0") ? secondLast + "_" + last : last;
    }
}
