package org.cardiograd.ecg.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportTest {

    /** Words a reader would look for to recognise each label's finding in a report. */
    private static final Map<String, List<String>> KEYWORDS = Map.of(
        "NORM", List.of("normal"),
        "MI", List.of("infarct"),
        "STTC", List.of("st depression", "st segment depression", "t wave", "t waves", "st-t"),
        "CD", List.of("bundle branch block", "rbbb", "lbbb"),
        "HYP", List.of("hypertrophy", "lvh"),
        "SR", List.of("sinus rhythm"),
        "SB", List.of("bradycardia"),
        "STACH", List.of("tachycardia"),
        "AFIB", List.of("atrial fibrillation"));

    private final SyntheticEcgGenerator gen = new SyntheticEcgGenerator(
        SyntheticEcgConfig.defaults().withDuration(2).withSamplingRate(100), 8);

    @Test
    void everyLabelsFindingIsMentioned() {
        for (int index = 0; index < 400; index++) {
            SyntheticEcg ecg = gen.generate(index);
            for (String label : ecg.labels()) {
                String report = ecg.report();
                assertTrue(KEYWORDS.get(label).stream().anyMatch(report::contains),
                    "report of record " + index + " with " + ecg.labels() + " does not mention " + label + ": "
                        + report);
            }
        }
    }

    @Test
    void everyClassAndCombinationIsReported() {
        RecordPlan plan = gen.plan(1);
        for (DiagnosticClass c : DiagnosticClass.values()) {
            for (Rhythm r : Rhythm.values()) {
                SyntheticEcg ecg = SyntheticEcgGenerator.render(plan.withClasses(c, DiagnosticClass.MI).withRhythm(r));
                for (String label : ecg.labels()) {
                    assertTrue(KEYWORDS.get(label).stream().anyMatch(ecg.report()::contains), ecg.report());
                }
            }
        }
    }

    @Test
    void reportsAreLowerCaseSentencesWithVariedWording() {
        Set<String> distinct = new HashSet<>();
        Set<String> openings = new HashSet<>();
        for (int index = 0; index < 200; index++) {
            String report = gen.generate(index).report();
            assertEquals(report.toLowerCase(Locale.ROOT), report);
            assertTrue(report.endsWith("."), report);
            for (String sentence : report.split("(?<=\\.) ")) {
                assertTrue(sentence.endsWith("."), "sentence '" + sentence + "' in: " + report);
            }
            distinct.add(report);
            openings.add(report.split(" ")[0] + " " + report.split(" ")[1]);
        }
        assertTrue(distinct.size() > 150, "only " + distinct.size() + " distinct reports of 200");
        assertTrue(openings.size() >= 5, "rhythm statements vary: " + openings);
    }

    @Test
    void measurementsQuoteTheGroundTruth() {
        Pattern qrs = Pattern.compile("qrs (?:duration )?(\\d+) ms");
        Pattern rate = Pattern.compile("(\\d+) bpm");
        int seenQrs = 0;
        int seenRate = 0;
        for (int index = 0; index < 200; index++) {
            SyntheticEcg ecg = gen.generate(index);
            Matcher m = qrs.matcher(ecg.report());
            if (m.find()) {
                assertEquals(Math.round(ecg.truth().qrsMs()), Long.parseLong(m.group(1)), ecg.report());
                seenQrs++;
            }
            Matcher r = rate.matcher(ecg.report());
            if (r.find()) {
                assertEquals(Math.round(ecg.truth().heartRateBpm()), Long.parseLong(r.group(1)), ecg.report());
                seenRate++;
            }
        }
        assertTrue(seenQrs > 20 && seenQrs < 180, "QRS duration is optional: " + seenQrs + " of 200");
        assertTrue(seenRate > 20 && seenRate < 180, "rate is optional: " + seenRate + " of 200");
    }

    @Test
    void infarctReportNamesTheTerritoryAndItsLeads() {
        RecordPlan plan = gen.plan(4).withClasses(DiagnosticClass.MI);
        for (MiTerritory territory : MiTerritory.values()) {
            String report = SyntheticEcgGenerator.render(plan.withMi(territory, false)).report();
            assertTrue(report.contains(territory.adjective()), report);
        }
    }

    @Test
    void categoryDescriptionsCoverEveryLabel() {
        assertEquals(9, CategoryDescriptions.all().size());
        for (String code : KEYWORDS.keySet()) {
            String d = CategoryDescriptions.of(code);
            assertTrue(d.endsWith(".") && d.equals(d.toLowerCase(Locale.ROOT)), d);
        }
        assertEquals("myocardial infarction.", CategoryDescriptions.of("MI"));
        assertThrows(IllegalArgumentException.class, () -> CategoryDescriptions.of("LBBB"));
    }
}
