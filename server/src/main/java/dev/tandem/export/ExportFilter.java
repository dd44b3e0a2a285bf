package dev.tandem.export;

import java.util.Set;

/**
 * Which rows to export.
 *
 * @param experimentSlug  export this experiment's trials (human and model rows), or null
 * @param study           export this imported study's trials, or null
 * @param observerKinds   keep only these kinds (human, model, imported); empty keeps all
 * @param timingOkOnly    drop human trials whose frames shown differed from the plan
 * @param version         keep only this experiment version, or null for all
 */
public record ExportFilter(String experimentSlug, String study, Set<String> observerKinds,
                           boolean timingOkOnly, Integer version) {

    public static final Set<String> KINDS = Set.of("human", "model", "imported");

    public ExportFilter {
        if ((experimentSlug == null) == (study == null)) {
            throw new IllegalArgumentException("name exactly one of an experiment and an imported study");
        }
        observerKinds = Set.copyOf(observerKinds);
        if (!KINDS.containsAll(observerKinds)) {
            throw new IllegalArgumentException("observer kinds must be among " + KINDS + ", got " + observerKinds);
        }
    }

    public static ExportFilter experiment(String slug) {
        return new ExportFilter(slug, null, Set.of(), false, null);
    }

    public static ExportFilter study(String name) {
        return new ExportFilter(null, name, Set.of(), false, null);
    }

    boolean wants(String kind) {
        return observerKinds.isEmpty() || observerKinds.contains(kind);
    }
}
