package dev.tandem.export;

import dev.tandem.common.InvalidInputException;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which rows to export.
 *
 * @param experimentSlug  export this experiment's trials (human and model rows), or null
 * @param study           export this imported study's trials, or null
 * @param observerKinds   keep only these kinds (human, model, imported); empty keeps all
 * @param timingOkOnly    drop human trials whose frames shown differed from the plan
 * @param version         keep only this experiment version, or null for all
 * @param includePilots   keep the experimenters' pilot sessions too (issue 14: left out by default)
 */
public record ExportFilter(String experimentSlug, String study, Set<String> observerKinds,
                           boolean timingOkOnly, Integer version, boolean includePilots) {

    /** Without pilot sessions. */
    public ExportFilter(String experimentSlug, String study, Set<String> observerKinds, boolean timingOkOnly,
                        Integer version) {
        this(experimentSlug, study, observerKinds, timingOkOnly, version, false);
    }

    public static final Set<String> KINDS = Set.of("human", "model", "imported");

    public ExportFilter {
        if ((experimentSlug == null) == (study == null)) {
            throw new InvalidInputException(experimentSlug == null ? "experiment" : "study",
                    "name exactly one of an experiment and an imported study");
        }
        observerKinds = Set.copyOf(observerKinds);
        for (String kind : observerKinds) {
            if (!KINDS.contains(kind)) {
                throw new InvalidInputException("kind", "observer kind must be one of human, model, imported; got " + kind);
            }
        }
        if (version != null && version < 1) {
            throw new InvalidInputException("version", "version must be 1 or more, got " + version);
        }
    }

    /** Observer kinds as written on a command line or in a query: {@code human,model}; null or blank is all. */
    public static Set<String> kinds(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return Set.of();
        }
        Set<String> kinds = new LinkedHashSet<>();
        Arrays.stream(commaSeparated.split(",")).map(String::trim).forEach(kinds::add);
        return kinds;
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
