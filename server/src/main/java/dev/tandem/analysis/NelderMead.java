package dev.tandem.analysis;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Minimises a function of a few unconstrained parameters by the Nelder–Mead simplex method
 * (Nelder &amp; Mead 1965; standard coefficients: reflection 1, expansion 2, contraction ½,
 * shrink ½). Small and dependency-free, enough for a psychometric function's three parameters.
 */
final class NelderMead {

    private NelderMead() {
    }

    /**
     * @param f       the function to minimise (may return +∞ where it is undefined)
     * @param start   starting point
     * @param steps   initial simplex step per parameter
     * @return the best point found
     */
    static double[] minimise(ToDoubleFunction<double[]> f, double[] start, double[] steps, int maxEvaluations,
                             double tolerance) {
        int n = start.length;
        double[][] simplex = new double[n + 1][];
        double[] values = new double[n + 1];
        simplex[0] = start.clone();
        for (int i = 0; i < n; i++) {
            simplex[i + 1] = start.clone();
            simplex[i + 1][i] += steps[i];
        }
        for (int i = 0; i <= n; i++) {
            values[i] = f.applyAsDouble(simplex[i]);
        }
        int evaluations = n + 1;
        Integer[] order = new Integer[n + 1];
        while (evaluations < maxEvaluations) {
            for (int i = 0; i <= n; i++) {
                order[i] = i;
            }
            double[] v = values;
            Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
            int best = order[0];
            int worst = order[n];
            int secondWorst = order[n - 1];
            if (Math.abs(values[worst] - values[best]) <= tolerance * (Math.abs(values[best]) + tolerance)) {
                break;
            }
            double[] centroid = new double[n];
            for (int i = 0; i <= n; i++) {
                if (i != worst) {
                    for (int j = 0; j < n; j++) {
                        centroid[j] += simplex[i][j] / n;
                    }
                }
            }
            double[] reflected = along(centroid, simplex[worst], -1);
            double fr = f.applyAsDouble(reflected);
            evaluations++;
            if (fr < values[best]) {
                double[] expanded = along(centroid, simplex[worst], -2);
                double fe = f.applyAsDouble(expanded);
                evaluations++;
                if (fe < fr) {
                    simplex[worst] = expanded;
                    values[worst] = fe;
                } else {
                    simplex[worst] = reflected;
                    values[worst] = fr;
                }
            } else if (fr < values[secondWorst]) {
                simplex[worst] = reflected;
                values[worst] = fr;
            } else {
                boolean outside = fr < values[worst];
                double[] contracted = outside ? along(centroid, simplex[worst], -0.5) : along(centroid, simplex[worst], 0.5);
                double fc = f.applyAsDouble(contracted);
                evaluations++;
                if (fc < Math.min(fr, values[worst])) {
                    simplex[worst] = contracted;
                    values[worst] = fc;
                } else {
                    for (int i = 0; i <= n; i++) { // shrink towards the best point
                        if (i != best) {
                            simplex[i] = along(simplex[best], simplex[i], 0.5);
                            values[i] = f.applyAsDouble(simplex[i]);
                            evaluations++;
                        }
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= n; i++) {
            if (values[i] < values[best]) {
                best = i;
            }
        }
        return simplex[best];
    }

    /** centroid + t · (point − centroid). */
    private static double[] along(double[] centroid, double[] point, double t) {
        double[] result = new double[centroid.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = centroid[i] + t * (point[i] - centroid[i]);
        }
        return result;
    }
}
