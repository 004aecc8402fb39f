package imagecache.frontend.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdScalingTest {

    private final ThresholdScaling rule = new ThresholdScaling(
            new ScalingSettings(ScalingMode.AUTO, 2.0, 0.5, 0.5, 0.2, ScalingRule.THRESHOLD, 0.8), 8);

    @Test
    void growsByTheExpandRatioAboveMaxMissUpToTheBound() {
        assertEquals(new ScalingStep(2, 4, "miss rate 0.600 above maxMiss 0.5"), rule.decide(2, 100, 0.6, false));
        assertEquals(8, rule.decide(5, 100, 0.9, false).to(), "10 nodes asked, 8 at most");
        ScalingStep atBound = rule.decide(8, 100, 0.9, false);
        assertFalse(atBound.changes());
        assertTrue(atBound.reason().endsWith("at its bound of 8"), atBound.reason());
    }

    @Test
    void shrinksByTheShrinkRatioBelowMinMissDownToOne() {
        assertEquals(new ScalingStep(5, 2, "miss rate 0.100 below minMiss 0.2"), rule.decide(5, 100, 0.1, false));
        assertEquals(1, rule.decide(1, 100, 0.0, false).to());
        assertTrue(rule.decide(1, 100, 0.0, false).reason().endsWith("at its bound of 1"));
        ThresholdScaling gently = new ThresholdScaling(
                new ScalingSettings(ScalingMode.AUTO, 1.25, 0.75, 0.5, 0.2, ScalingRule.THRESHOLD, 0.8), 8);
        assertEquals(3, gently.decide(4, 10, 0.1, false).to());
        assertEquals(5, gently.decide(4, 10, 0.9, false).to(), "any growth is at least one node");
    }

    @Test
    void changesNothingWithinTheThresholdsInACoolDownOrWithoutReads() {
        assertFalse(rule.decide(3, 100, 0.3, false).changes());
        assertEquals(
                "miss rate 0.300 within 0.2..0.5",
                rule.decide(3, 100, 0.3, false).reason());
        ScalingStep cooling = rule.decide(2, 100, 0.9, true);
        assertFalse(cooling.changes());
        assertTrue(cooling.reason().contains("cool-down"), cooling.reason());
        assertFalse(rule.decide(3, 0, 0.0, false).changes(), "no reads: a miss rate of 0 means nothing");
    }
}
