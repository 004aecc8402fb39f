package imagecache.frontend.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TargetScalingTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(300);

    /** A curve at 1/4, 1/2, 1, 2, 4 and 8 times the pool's capacity. */
    private static List<TargetScaling.CurvePoint> curve(double... rates) {
        double[] times = {0.25, 0.5, 1, 2, 4, 8};
        return IntStream.range(0, rates.length)
                .mapToObj(i -> new TargetScaling.CurvePoint(times[i], rates[i]))
                .toList();
    }

    @Test
    void eachPoolSizeGetsTheCurvesHitRateAtItsShareOfTheCapacity() {
        TargetScaling rule = new TargetScaling(0.8, 8);
        SortedMap<Integer, Double> bySize = rule.hitRateBySize(2, curve(0.1, 0.2, 0.4, 0.6, 0.8, 0.9));
        // 1 node is half the capacity, 2 all of it, 4 twice, 8 four times; 3 is between 2 and 4
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), List.copyOf(bySize.keySet()));
        assertEquals(0.2, bySize.get(1), 1e-9);
        assertEquals(0.4, bySize.get(2), 1e-9);
        assertEquals(0.4 + 0.2 * Math.log(1.5) / Math.log(2), bySize.get(3), 1e-9);
        assertEquals(0.8, bySize.get(8), 1e-9);
        assertEquals(8, rule.recommend(bySize));
    }

    @Test
    void sizesTheCurveDoesNotReachHaveNoEstimateAndALargerPoolIsNeverWorse() {
        TargetScaling rule = new TargetScaling(0.8, 8);
        SortedMap<Integer, Double> bySize = rule.hitRateBySize(8, curve(0.5, 0.45, 0.6, 0.7, 0.8, 0.9));
        assertEquals(2, bySize.firstKey(), "1 node of 8 is an eighth of the capacity, below the curve's quarter");
        assertEquals(0.5, bySize.get(4), 1e-9, "a wobble of the curve does not make a larger pool worse");
    }

    @Test
    void aWorkingSetLargerThanThePoolGrowsItAtOnceToTheSizeThatReachesTheTarget() {
        TargetScaling rule = new TargetScaling(0.8, 8);
        StabilizationWindow recent = new StabilizationWindow(WINDOW);
        SortedMap<Integer, Double> bySize = rule.hitRateBySize(1, curve(0.05, 0.1, 0.2, 0.5, 0.85, 0.95));
        ScalingStep step = rule.decide(1, 1000, bySize, recent, T0, false);
        assertEquals(new ScalingStep(1, 4, "4 nodes reach hit rate 0.850, target 0.80"), step);
        ScalingStep cooling = rule.decide(1, 1000, bySize, recent, T0, true);
        assertFalse(cooling.changes());
        assertTrue(cooling.reason().endsWith("(cool-down)"), cooling.reason());
    }

    @Test
    void aTargetOutOfReachTakesTheSmallestSizeAsGoodAsTheLargest() {
        TargetScaling rule = new TargetScaling(0.95, 8);
        // the curve flattens: beyond 3 nodes hardly anything more hits
        SortedMap<Integer, Double> bySize = rule.hitRateBySize(2, curve(0.1, 0.3, 0.6, 0.695, 0.70, 0.70));
        int wanted = rule.recommend(bySize);
        assertTrue(bySize.get(wanted) >= bySize.get(8) - 0.01);
        assertTrue(bySize.get(wanted - 1) < bySize.get(8) - 0.01);
        ScalingStep step = rule.decide(2, 1000, bySize, new StabilizationWindow(WINDOW), T0, false);
        assertEquals(wanted, step.to());
        assertTrue(step.reason().startsWith("target 0.95 out of reach up to 8 nodes"), step.reason());
    }

    @Test
    void aPoolShrinksOnlyToTheLargestSizeNeededForAWholeWindow() {
        TargetScaling rule = new TargetScaling(0.8, 8);
        StabilizationWindow recent = new StabilizationWindow(WINDOW);
        SortedMap<Integer, Double> twoDo = rule.hitRateBySize(4, curve(0.5, 0.85, 0.9, 0.95, 0.97, 0.98));
        SortedMap<Integer, Double> threeDo = rule.hitRateBySize(4, curve(0.5, 0.7, 0.9, 0.95, 0.97, 0.98));
        assertEquals(2, rule.recommend(twoDo));
        assertEquals(3, rule.recommend(threeDo));

        ScalingStep first = rule.decide(4, 1000, twoDo, recent, T0, false);
        assertEquals(4, first.to());
        assertTrue(first.reason().endsWith("but not yet for a whole window of 300 s"), first.reason());
        assertEquals(
                4,
                rule.decide(4, 1000, threeDo, recent, T0.plusSeconds(120), false)
                        .to());
        ScalingStep after = rule.decide(4, 1000, twoDo, recent, T0.plusSeconds(300), false);
        assertEquals(3, after.to(), "3 were needed within the window: " + after.reason());
        assertTrue(after.reason().endsWith("at most 3 needed for the last 300 s"), after.reason());
        // once the 3 is older than the window, 2 do
        assertEquals(
                2,
                rule.decide(3, 1000, twoDo, recent, T0.plusSeconds(421), false).to());
    }

    @Test
    void aSteadyLoadKeepsThePoolAsItIs() {
        TargetScaling rule = new TargetScaling(0.8, 8);
        StabilizationWindow recent = new StabilizationWindow(WINDOW);
        SortedMap<Integer, Double> bySize = rule.hitRateBySize(3, curve(0.3, 0.6, 0.82, 0.9, 0.95, 0.97));
        for (int minute = 0; minute < 20; minute++) {
            assertFalse(rule.decide(3, 500, bySize, recent, T0.plusSeconds(60L * minute), false)
                    .changes());
        }
    }

    @Test
    void tooFewReadsOrNoCurveIsNothingToGoBy() {
        TargetScaling rule = new TargetScaling(0.8, 8);
        StabilizationWindow recent = new StabilizationWindow(WINDOW);
        SortedMap<Integer, Double> bySize = rule.hitRateBySize(2, curve(0.1, 0.2, 0.3, 0.4, 0.5, 0.6));
        assertEquals(
                ScalingStep.stay(2, "99 reads in the last minute: too few to go by"),
                rule.decide(2, 99, bySize, recent, T0, false));
        assertTrue(rule.decide(2, 10, rule.hitRateBySize(2, List.of()), recent, T0, false)
                .reason()
                .startsWith("the pool's hit-rate curve is off"));
        assertFalse(recent.covers(T0.plusSeconds(300)), "decisions with nothing to go by recommend nothing");
    }

    @Test
    void aWindowCoversOnlyWhatItSawWithoutABreak() {
        StabilizationWindow recent = new StabilizationWindow(WINDOW);
        recent.add(T0, 5);
        recent.add(T0.plusSeconds(200), 2);
        assertFalse(recent.covers(T0.plusSeconds(299)));
        assertTrue(recent.covers(T0.plusSeconds(300)));
        assertEquals(5, recent.highest());
        recent.add(T0.plusSeconds(301), 1);
        assertEquals(2, recent.highest(), "the 5 is older than the window");
        recent.clear();
        assertFalse(recent.covers(T0.plusSeconds(1000)));
        assertEquals(0, recent.highest());
    }
}
