package org.cardiograd.ecg.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskingTest {

    /** keep and masked are disjoint, cover every token, agree with mask, and restore inverts shuffle. */
    static void assertConsistent(TokenMask m) {
        int n = m.tokenCount();
        boolean[] seen = new boolean[n];
        for (int t : m.keep()) {
            assertFalse(seen[t], "token " + t + " twice");
            seen[t] = true;
            assertFalse(m.mask()[t], "kept token " + t + " marked masked");
        }
        for (int t : m.masked()) {
            assertFalse(seen[t], "token " + t + " both kept and masked");
            seen[t] = true;
            assertTrue(m.mask()[t], "masked token " + t + " not marked");
        }
        for (int t = 0; t < n; t++) {
            assertTrue(seen[t], "token " + t + " neither kept nor masked");
        }
        int[] shuffle = m.shuffle();
        int[] restore = m.restore();
        for (int t = 0; t < n; t++) {
            assertEquals(t, shuffle[restore[t]], "restore inverts shuffle at token " + t);
            assertEquals(t, restore[shuffle[t]], "shuffle inverts restore at position " + t);
        }
        float[] f = m.maskAsFloats();
        for (int t = 0; t < n; t++) {
            assertEquals(m.mask()[t] ? 1f : 0f, f[t]);
        }
    }

    @Test
    void randomPatchMaskingHasExactRatioAndIsSeeded() {
        RandomPatchMasking mae = new RandomPatchMasking(100, 0.75);
        for (long seed = 0; seed < 20; seed++) {
            TokenMask m = mae.sample(new SplittableRandom(seed));
            assertEquals(25, m.keepCount());
            assertEquals(75, m.masked().length);
            assertConsistent(m);
            assertArrayEquals(m.shuffle(), mae.sample(new SplittableRandom(seed)).shuffle());
        }
        assertFalse(Arrays.equals(mae.sample(new SplittableRandom(1)).keep(),
                mae.sample(new SplittableRandom(2)).keep()));
    }

    @Test
    void maskedCountFollowsMaeAndAvoidsTheFloatTrap() {
        assertEquals(147, TokenMask.maskedCount(196, 0.75)); // ViT-B/16 on 224 px: keep 49
        assertEquals(9, TokenMask.maskedCount(10, 0.9)); // 10 * (1 - 0.9) = 0.999.. in double
        assertEquals(7, TokenMask.maskedCount(10, 0.7));
        assertEquals(0, TokenMask.maskedCount(10, 0));
        assertEquals(10, TokenMask.maskedCount(10, 1));
        assertEquals(4, TokenMask.maskedCount(7, 0.5)); // keep floor(3.5) = 3
        assertThrows(IllegalArgumentException.class, () -> new RandomPatchMasking(10, 1.0));
    }

    @Test
    void everyTokenIsMaskedAboutEquallyOften() {
        RandomPatchMasking mae = new RandomPatchMasking(20, 0.5);
        int[] counts = new int[20];
        SplittableRandom rng = new SplittableRandom(3);
        for (TokenMask m : mae.sampleBatch(4000, rng)) {
            for (int t : m.masked()) {
                counts[t]++;
            }
        }
        for (int c : counts) {
            assertTrue(c > 1800 && c < 2200, "count " + c); // expected 2000, sd ~32
        }
    }

    @Test
    void perLeadMaskingMasksTheSameCountInEveryLead() {
        PerLeadMasking perLead = new PerLeadMasking(12, 10, 0.6);
        assertEquals(4, perLead.keepPerLead());
        boolean differentPatterns = false;
        for (long seed = 0; seed < 20; seed++) {
            TokenMask m = perLead.sample(new SplittableRandom(seed));
            assertConsistent(m);
            assertEquals(48, m.keepCount());
            boolean[] mask = m.mask();
            for (int lead = 0; lead < 12; lead++) {
                int maskedInLead = 0;
                for (int p = 0; p < 10; p++) {
                    maskedInLead += mask[lead * 10 + p] ? 1 : 0;
                }
                assertEquals(6, maskedInLead, "lead " + lead);
                int[] keep = m.keep();
                for (int i = 0; i < 4; i++) {
                    assertEquals(lead, keep[lead * 4 + i] / 10, "keep is grouped by lead");
                }
            }
            differentPatterns |= !Arrays.equals(Arrays.copyOfRange(mask, 0, 10), Arrays.copyOfRange(mask, 10, 20));
            assertArrayEquals(m.shuffle(), perLead.sample(new SplittableRandom(seed)).shuffle());
        }
        assertTrue(differentPatterns, "leads should be masked independently");
    }

    @Test
    void spatialTemporalMaskingCombinesLeadsSpansAndCells() {
        // 12 x 20 grid: 3 whole leads (0.25), 4 time columns (0.2) in spans of 3, 50% total
        SpatialTemporalMasking st = new SpatialTemporalMasking(12, 20, 0.25, 0.2, 3, 0.5);
        assertEquals(3 * 20 + 4 * 12 - 3 * 4, st.structuredCount());
        assertEquals(120, st.targetMaskedCount());
        for (long seed = 0; seed < 50; seed++) {
            TokenMask m = st.sample(new SplittableRandom(seed));
            assertConsistent(m);
            assertEquals(120, m.maskedCount());
            boolean[] mask = m.mask();
            int fullLeads = 0;
            for (int lead = 0; lead < 12; lead++) {
                boolean all = true;
                for (int p = 0; p < 20; p++) {
                    all &= mask[lead * 20 + p];
                }
                fullLeads += all ? 1 : 0;
            }
            assertTrue(fullLeads >= 3, "whole leads " + fullLeads);
            int fullColumns = 0;
            for (int p = 0; p < 20; p++) {
                boolean all = true;
                for (int lead = 0; lead < 12; lead++) {
                    all &= mask[lead * 20 + p];
                }
                fullColumns += all ? 1 : 0;
            }
            assertTrue(fullColumns >= 4, "whole columns " + fullColumns);
            assertArrayEquals(m.shuffle(), st.sample(new SplittableRandom(seed)).shuffle());
        }
    }

    @Test
    void spanColumnsAreExactNonOverlappingAndInRange() {
        SpatialTemporalMasking st = new SpatialTemporalMasking(12, 20, 0, 0.35, 3, 0.35);
        int[] hits = new int[20];
        for (long seed = 0; seed < 2000; seed++) {
            int[] columns = st.spanColumns(new SplittableRandom(seed));
            assertEquals(7, columns.length);
            assertEquals(7, Arrays.stream(columns).distinct().count(), Arrays.toString(columns));
            for (int c : columns) {
                assertTrue(c >= 0 && c < 20, "column " + c);
                hits[c]++;
            }
        }
        for (int c = 0; c < 20; c++) {
            assertTrue(hits[c] > 0, "column " + c + " never masked");
        }
    }

    @Test
    void targetBelowStructuredPartIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SpatialTemporalMasking(12, 20, 0.5, 0.5, 2, 0.5));
        assertTrue(e.getMessage().contains("raise targetRatio"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SpatialTemporalMasking(12, 20, 0, 0, 2, 1.0));
    }

    @Test
    void tokenMaskFactoriesValidate() {
        TokenMask m = TokenMask.fromMask(new boolean[] {true, false, true, false});
        assertArrayEquals(new int[] {1, 3}, m.keep());
        assertArrayEquals(new int[] {0, 2}, m.masked());
        assertArrayEquals(new int[] {2, 0, 3, 1}, m.restore());
        assertConsistent(m);
        assertThrows(IllegalArgumentException.class, () -> TokenMask.fromShuffle(new int[] {0, 0, 1}, 1));
        int[][] keep = TokenMask.keepIndices(new RandomPatchMasking(8, 0.5).sampleBatch(3, new SplittableRandom(1)));
        assertEquals(3, keep.length);
        assertEquals(4, keep[2].length);
        assertThrows(IllegalArgumentException.class,
                () -> TokenMask.keepIndices(new TokenMask[] {m, TokenMask.fromShuffle(new int[] {0, 1, 2, 3}, 1)}));
    }
}
