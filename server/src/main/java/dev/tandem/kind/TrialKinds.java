package dev.tandem.kind;

import dev.tandem.experiment.ExperimentDefinition;
import dev.tandem.experiment.ExperimentService;
import dev.tandem.experiment.ExperimentValidator;
import dev.tandem.experiment.FieldError;
import dev.tandem.experiment.TrialType;
import dev.tandem.stimulus.SetImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trial kinds, one per {@link TrialType}: the one place that lists them. Adding a kind is one
 * line here and its implementation (docs/trial-kinds.md).
 */
public final class TrialKinds {

    private static final TrialKinds ALL = new TrialKinds(List.of(new MaskedKind(), new ClickMeKind(), new TripletKind()));

    private final Map<TrialType, TrialKind> kinds = new EnumMap<>(TrialType.class);

    private TrialKinds(List<TrialKind> implementations) {
        for (TrialKind kind : implementations) {
            kinds.put(kind.type(), kind);
        }
        for (TrialType type : TrialType.values()) {
            if (!kinds.containsKey(type)) {
                throw new IllegalStateException("trial type " + type + " has no kind");
            }
        }
    }

    public static TrialKinds all() {
        return ALL;
    }

    public TrialKind of(TrialType type) {
        return kinds.get(type);
    }

    /** Every kind. */
    public List<TrialKind> list() {
        return List.copyOf(kinds.values());
    }

    /** The kinds a session of the definition shows, in the order its trials come. */
    public List<TrialKind> shown(ExperimentDefinition definition) {
        return definition.sessionKinds().stream().map(this::of).toList();
    }

    /** The kind of the session's trial {@code index}; null when the session has no such trial. */
    public TrialKind at(ExperimentDefinition definition, int index) {
        int first = 0;
        for (TrialKind kind : shown(definition)) {
            int count = kind.trialsPerSession(definition);
            if (index >= first && index < first + count) {
                return kind;
            }
            first += count;
        }
        return null;
    }

    /** Every broken rule of the shown kinds' parts of the definition that needs the stimulus set. */
    public void checkRules(ExperimentDefinition definition, ExperimentValidator.SetFacts set, List<FieldError> errors) {
        for (TrialKind kind : shown(definition)) {
            kind.checkRules(definition, set, errors);
        }
    }

    /** Every image × manipulation the shown kinds may show, each once, in the kinds' order. */
    public List<ExperimentService.Shown> design(ExperimentDefinition definition, List<SetImage> images) {
        Set<ExperimentService.Shown> design = new LinkedHashSet<>();
        for (TrialKind kind : shown(definition)) {
            design.addAll(kind.design(definition, images));
        }
        return new ArrayList<>(design);
    }

    /** Masks one session needs from the version's pool. */
    public int masksPerSession(ExperimentDefinition definition) {
        return shown(definition).stream().mapToInt(k -> k.masksPerSession(definition)).sum();
    }

    /**
     * A session's whole trial list for an assignment slot: each shown kind's trials in turn, its
     * indices and blocks following the kinds before it.
     */
    public List<SessionTrial.New> plan(Planning planning, int slot, long sessionSeed) {
        List<SessionTrial.New> all = new ArrayList<>();
        int blockOffset = 0;
        for (TrialKind kind : shown(planning.experiment().definition())) {
            int blocks = 0;
            for (SessionTrial.New trial : kind.plan(planning, slot, sessionSeed)) {
                all.add(trial.at(all.size(), trial.block() + blockOffset));
                blocks = Math.max(blocks, trial.block() + 1);
            }
            blockOffset += blocks;
        }
        return all;
    }
}
