package dev.tandem.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Counts of (true category → response). Responses outside the categories (a timeout, or "na"
 * in published data) are counted in the {@link #NO_RESPONSE} column so rows still sum to the
 * number of trials of that category.
 *
 * @param categories the true categories, sorted; also the response columns before {@code NO_RESPONSE}
 * @param counts     counts[i][j]: trials of category i answered with column j
 */
public record ConfusionMatrix(List<String> categories, long[][] counts) {

    public static final String NO_RESPONSE = "(none)";

    public static ConfusionMatrix of(Collection<ObservedTrial> trials) {
        TreeSet<String> names = new TreeSet<>();
        trials.forEach(t -> names.add(t.category()));
        List<String> categories = List.copyOf(names);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            index.put(categories.get(i), i);
        }
        long[][] counts = new long[categories.size()][categories.size() + 1];
        for (ObservedTrial trial : trials) {
            int row = index.get(trial.category());
            Integer column = trial.response() == null ? null : index.get(trial.response());
            counts[row][column == null ? categories.size() : column]++;
        }
        return new ConfusionMatrix(categories, counts);
    }

    /** Column labels: the categories, then {@link #NO_RESPONSE}. */
    public List<String> responses() {
        List<String> columns = new ArrayList<>(categories);
        columns.add(NO_RESPONSE);
        return columns;
    }

    public long count(String category, String response) {
        int row = categories.indexOf(category);
        int column = response == null ? categories.size() : categories.indexOf(response);
        if (row < 0) {
            return 0;
        }
        return counts[row][column < 0 ? categories.size() : column];
    }
}
