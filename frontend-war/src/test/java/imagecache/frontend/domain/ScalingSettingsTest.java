package imagecache.frontend.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScalingSettingsTest {

    private static ImageCacheException refused(double exp, double shrink, double maxMiss, double minMiss) {
        return assertThrows(
                ImageCacheException.class,
                () -> new ScalingSettings(ScalingMode.AUTO, exp, shrink, maxMiss, minMiss, ScalingRule.THRESHOLD, 0.8));
    }

    @Test
    void theCoursesRulesHold() {
        assertTrue(refused(1.0, 0.5, 0.5, 0.2).getMessage().startsWith("expRatio must be greater than 1"));
        assertTrue(refused(Double.NaN, 0.5, 0.5, 0.2).getMessage().startsWith("expRatio"));
        assertTrue(refused(2, 0, 0.5, 0.2).getMessage().startsWith("shrinkRatio"));
        assertTrue(refused(2, 1, 0.5, 0.2).getMessage().startsWith("shrinkRatio"));
        assertTrue(refused(2, 0.5, 1.01, 0.2).getMessage().startsWith("maxMiss and minMiss"));
        assertTrue(refused(2, 0.5, 0.5, -0.1).getMessage().startsWith("maxMiss and minMiss"));
        assertTrue(refused(2, 0.5, 0.3, 0.3).getMessage().startsWith("minMiss must be less than maxMiss"));
        assertEquals(
                ImageCacheException.Reason.INVALID_INPUT, refused(1, 1, 1, 1).reason());
        new ScalingSettings(ScalingMode.MANUAL, 1.01, 0.99, 1, 0, ScalingRule.TARGET, 0.99);
    }

    @Test
    void aTargetHitRateIsBetweenNothingAndEverything() {
        for (double target : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            ImageCacheException refused = assertThrows(
                    ImageCacheException.class,
                    () -> new ScalingSettings(ScalingMode.AUTO, 2, 0.5, 0.5, 0.2, ScalingRule.TARGET, target));
            assertTrue(refused.getMessage().startsWith("targetHit must be a hit rate"), refused.getMessage());
        }
        assertEquals(ScalingRule.TARGET, ScalingRule.parse(" Target"));
        assertEquals("threshold", ScalingRule.THRESHOLD.label());
        assertEquals(
                "scaler must be threshold or target, not 'guess'",
                assertThrows(ImageCacheException.class, () -> ScalingRule.parse("guess"))
                        .getMessage());
    }

    @Test
    void modesAreNamedAsTheCourseNamesThem() {
        assertEquals(ScalingMode.AUTO, ScalingMode.parse(" Auto "));
        assertEquals("manual", ScalingMode.MANUAL.label());
        assertEquals(
                "mode must be manual or auto, not 'sometimes'",
                assertThrows(ImageCacheException.class, () -> ScalingMode.parse("sometimes"))
                        .getMessage());
    }
}
