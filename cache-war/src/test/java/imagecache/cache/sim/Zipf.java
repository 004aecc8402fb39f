package imagecache.cache.sim;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Ranks 0 to n - 1 drawn with probability proportional to 1 / (rank + 1)^skew, exactly: by binary
 * search in the cumulative distribution, so that the tail is as the formula says and not an
 * approximation of it.
 */
final class Zipf {

    private final double[] cumulative;

    Zipf(int n, double skew) {
        if (n < 1 || skew < 0) {
            throw new IllegalArgumentException("n " + n + ", skew " + skew);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++) {
            sum += Math.pow(rank + 1, -skew);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < n; rank++) {
            cumulative[rank] /= sum;
        }
        // rounding must not leave a sliver above the last rank
        cumulative[n - 1] = 1.0;
    }

    /** The probability of {@code rank}. */
    double probability(int rank) {
        return rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1];
    }

    int nextRank(RandomGenerator random) {
        double u = random.nextDouble();
        int found = Arrays.binarySearch(cumulative, u);
        // rank r is drawn when cumulative[r - 1] <= u < cumulative[r]
        int rank = found >= 0 ? found + 1 : -found - 1;
        return Math.min(rank, cumulative.length - 1);
    }
}
