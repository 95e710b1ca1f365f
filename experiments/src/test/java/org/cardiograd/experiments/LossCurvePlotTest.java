package org.cardiograd.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loss plot's layout: the legend beside the plot area, never over the curves. */
class LossCurvePlotTest {
    /** Names measured at 7 pixels per character. */
    private static LossCurvePlot.Layout layout(List<String> names) {
        return LossCurvePlot.layout(names, n -> 7 * n.length());
    }

    private static void assertLegendBesideThePlot(LossCurvePlot.Layout l, int series) {
        Rectangle picture = new Rectangle(0, 0, 900, 500);
        assertFalse(l.plot().intersects(l.legend()), "legend " + l.legend() + " over the plot " + l.plot());
        assertTrue(l.legend().x >= l.plot().x + l.plot().width, "legend right of the plot");
        assertTrue(picture.contains(l.legend()) && picture.contains(l.plot()), l.toString());
        assertEquals(series * l.row(), l.legend().height, "one row per series");
        assertTrue(l.legend().y + l.legend().height <= l.plot().y + l.plot().height, "rows fit the plot's height");
        // the legend takes at most a third of the width: left margin 60, two gaps of 15 around the legend
        assertTrue(l.plot().width >= picture.width - picture.width / 3 - 60 - 2 * 15, "the plot's width: " + l.plot());
    }

    @Test
    void theLegendStandsRightOfThePlot() {
        List<String> cgdmer = new ArrayList<>(List.of("loss"));
        cgdmer.addAll(CgDmerModel.LOSS_PARTS);
        LossCurvePlot.Layout l = layout(cgdmer);
        assertLegendBesideThePlot(l, cgdmer.size());
        int widest = 7 * "ecg_reconstruction".length();
        assertTrue(l.legend().width >= widest, "the widest name fits the legend: " + l.legend());

        // a name too long for a third of the picture: the legend stops there, the plot keeps its width
        assertLegendBesideThePlot(layout(List.of("loss", "x".repeat(120))), 2);

        // many series: rows squeeze so that all of them stay beside the plot
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add("series " + i);
        }
        LossCurvePlot.Layout crowded = layout(many);
        assertTrue(crowded.row() < 18 && crowded.row() >= 11, "row " + crowded.row());
        assertLegendBesideThePlot(crowded, many.size());
    }

    @Test
    void theCgDmerDemosSixCurvesHaveSixColours() {
        assertTrue(LossCurvePlot.COLORS.length >= CgDmerModel.LOSS_PARTS.size() + 1);
        assertEquals(LossCurvePlot.COLORS.length, java.util.Set.of(LossCurvePlot.COLORS).size(), "distinct colours");
    }

    @Test
    void savesAPicture(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("loss.png");
        new LossCurvePlot("t").add("loss", List.of(3.0, 2.0, 1.0)).add("contrastive", List.of(1.0, 0.5, 0.2))
                .save(png);
        assertTrue(Files.size(png) > 0);
    }
}
