package dev.tandem.analysis;

import java.util.Comparator;

/**
 * Orders condition keys ({@code manipulation:level:NNms}) part by part, numerically where both
 * parts are numbers (a trailing "ms" ignored): 17 ms before 33 ms before 100 ms, level 0.05 before
 * 0.2, where text order would give 100, 17, 200, 33 (issue 11).
 */
final class ConditionOrder implements Comparator<String> {

    static final ConditionOrder INSTANCE = new ConditionOrder();

    private ConditionOrder() {
    }

    @Override
    public int compare(String a, String b) {
        String[] left = a.split(":", -1);
        String[] right = b.split(":", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int c = part(left[i], right[i]);
            if (c != 0) {
                return c;
            }
        }
        return left.length != right.length ? Integer.compare(left.length, right.length) : a.compareTo(b);
    }

    private static int part(String a, String b) {
        Double x = number(a);
        Double y = number(b);
        if (x != null && y != null) {
            return Double.compare(x, y);
        }
        return a.compareTo(b);
    }

    private static Double number(String text) {
        String digits = text.endsWith("ms") ? text.substring(0, text.length() - 2) : text;
        if (digits.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
