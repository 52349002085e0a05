package dev.salespipeline.core.scoring;

import java.util.Arrays;

/**
 * L2-penalised logistic regression fitted by Newton's method: minimises the mean log loss plus
 * {@code penalty / 2 × |w|²} (the intercept is not penalised). Newton's method converges in a handful
 * of steps where plain gradient descent needed thousands and still stopped short; a step that would
 * raise the loss is halved until it does not.
 */
final class PenalisedLogistic {

    private static final int MAX_STEPS = 50;
    private static final double TOLERANCE = 1e-8;

    private final double intercept;
    private final double[] weights;

    private PenalisedLogistic(double intercept, double[] weights) {
        this.intercept = intercept;
        this.weights = weights;
    }

    /** Fits rows {@code x} (standardised columns) to outcomes {@code y}, starting from the base rate. */
    static PenalisedLogistic fit(double[][] x, boolean[] y, double penalty) {
        int n = x.length;
        int p = n == 0 ? 0 : x[0].length;
        double wins = 0;
        for (boolean won : y) {
            wins += won ? 1 : 0;
        }
        double rate = Math.min(1 - 1e-6, Math.max(1e-6, wins / Math.max(1, n)));
        // Coefficient 0 is the intercept; 1..p the columns.
        double[] beta = new double[p + 1];
        beta[0] = Math.log(rate / (1 - rate));
        double loss = objective(x, y, beta, penalty);
        for (int step = 0; step < MAX_STEPS; step++) {
            double[] gradient = new double[p + 1];
            double[][] hessian = new double[p + 1][p + 1];
            for (int row = 0; row < n; row++) {
                double probability = sigmoid(linear(beta, x[row]));
                double error = probability - (y[row] ? 1 : 0);
                double weight = Math.max(probability * (1 - probability), 1e-10);
                gradient[0] += error;
                hessian[0][0] += weight;
                for (int i = 0; i < p; i++) {
                    double xi = x[row][i];
                    if (xi == 0) {
                        continue;
                    }
                    gradient[i + 1] += error * xi;
                    hessian[0][i + 1] += weight * xi;
                    double wx = weight * xi;
                    double[] hessianRow = hessian[i + 1];
                    for (int j = i; j < p; j++) {
                        hessianRow[j + 1] += wx * x[row][j];
                    }
                }
            }
            for (int i = 0; i <= p; i++) {
                gradient[i] /= Math.max(1, n);
                for (int j = i; j <= p; j++) {
                    hessian[i][j] /= Math.max(1, n);
                    hessian[j][i] = hessian[i][j];
                }
            }
            for (int i = 1; i <= p; i++) {
                gradient[i] += penalty * beta[i];
                hessian[i][i] += penalty;
            }
            double[] direction = solve(hessian, gradient);
            double scale = 1;
            double[] next = beta;
            double nextLoss = loss;
            for (int halving = 0; halving < 30; halving++) {
                double[] candidate = beta.clone();
                for (int i = 0; i <= p; i++) {
                    candidate[i] -= scale * direction[i];
                }
                double candidateLoss = objective(x, y, candidate, penalty);
                if (candidateLoss <= loss) {
                    next = candidate;
                    nextLoss = candidateLoss;
                    break;
                }
                scale /= 2;
            }
            double change = 0;
            for (int i = 0; i <= p; i++) {
                change = Math.max(change, Math.abs(next[i] - beta[i]));
            }
            beta = next;
            boolean converged = loss - nextLoss < TOLERANCE && change < 1e-6;
            loss = nextLoss;
            if (converged) {
                break;
            }
        }
        return new PenalisedLogistic(beta[0], Arrays.copyOfRange(beta, 1, p + 1));
    }

    private static double objective(double[][] x, boolean[] y, double[] beta, double penalty) {
        double sum = 0;
        for (int row = 0; row < x.length; row++) {
            double z = linear(beta, x[row]);
            // log(1 + e^z) − y·z, computed without overflow.
            sum += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (y[row] ? z : 0);
        }
        double squares = 0;
        for (int i = 1; i < beta.length; i++) {
            squares += beta[i] * beta[i];
        }
        return sum / Math.max(1, x.length) + penalty / 2 * squares;
    }

    private static double linear(double[] beta, double[] row) {
        double z = beta[0];
        for (int i = 0; i < row.length; i++) {
            z += beta[i + 1] * row[i];
        }
        return z;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Solves the symmetric positive-definite system {@code a · v = b} by Cholesky decomposition. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    // The penalty keeps the matrix positive definite; the floor guards the unpenalised intercept.
                    l[i][i] = Math.sqrt(Math.max(sum, 1e-12));
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        double[] forward = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * forward[k];
            }
            forward[i] = sum / l[i][i];
        }
        double[] solution = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = forward[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * solution[k];
            }
            solution[i] = sum / l[i][i];
        }
        return solution;
    }

    double probability(double[] row) {
        double z = intercept;
        for (int i = 0; i < row.length; i++) {
            z += weights[i] * row[i];
        }
        return sigmoid(z);
    }

    double[] weights() {
        return weights.clone();
    }

    double intercept() {
        return intercept;
    }
}
