package org.cardiograd.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cardiograd.ecg.EcgRecord;
import org.cardiograd.ecg.data.ShardWriter;
import org.cardiograd.ecg.io.CincDataset;
import org.cardiograd.ecg.io.EcgDataset;
import org.cardiograd.ecg.io.WfdbWriter;
import org.cardiograd.ecg.signal.Preprocessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ptbxl: and shard-folder forms of --data, on folders written here. */
class DataSpecTest {
    private static final String STATEMENTS = """
            ,description,diagnostic,form,rhythm,diagnostic_class,diagnostic_subclass
            NORM,normal ECG,1.0,,,NORM,NORM
            IMI,inferior myocardial infarction,1.0,,,MI,IMI
            NDT,non-diagnostic T abnormalities,1.0,1.0,,STTC,STTC
            CLBBB,complete left bundle branch block,1.0,,,CD,CLBBB
            LVH,left ventricular hypertrophy,1.0,,,HYP,LVH
            SR,sinus rhythm,,,1.0,,
            """;

    /**
     * A PTB-XL folder of twelve synthetic 10 s records at 500 Hz: folds 1-8 train (8), 9 validation (2, unused),
     * 10 test (2).
     */
    @Test
    void ptbxlFolderIsSplitByFoldsAndPreprocessed(@TempDir Path root) throws Exception {
        EcgArrays synth = SyntheticData.generate(5, 0, 12, 500, 2);
        List<String> codes = List.of("NORM", "IMI", "NDT", "CLBBB", "LVH");
        StringBuilder db = new StringBuilder("ecg_id,patient_id,report,scp_codes,strat_fold,filename_lr,filename_hr\n");
        for (int i = 0; i < 12; i++) {
            String name = String.format("%05d_hr", i + 1);
            String code = codes.get(i % codes.size());
            db.append(i + 1).append(',').append(100 + i).append(",report,\"{'").append(code)
                    .append("': 100.0, 'SR': 0.0}\",").append(i < 8 ? i + 1 : i < 10 ? 9 : 10)
                    .append(",records100/").append(name).append(",records500/").append(name).append('\n');
            WfdbWriter.write(root.resolve("records500"), new EcgRecord(name, synth.signals()[i], 500, Set.of(), null,
                    null, Map.of()), 1000);
        }
        Files.writeString(root.resolve("scp_statements.csv"), STATEMENTS);
        Files.writeString(root.resolve("ptbxl_database.csv"), db.toString());

        DataSpec.Split split = DataSpec.parse("ptbxl:" + root).load(new DataSpec.Request(2500, 10, 0, 0, 0.2, 1));
        assertEquals(8, split.train().size());
        assertEquals(2, split.test().size());
        assertEquals(250.0, split.test().samplingRate());
        assertEquals(2500, split.train().signals()[0][0].length);
        // the test records 11 and 12 are coded NORM and IMI; train record 4 CLBBB: they arrive as superclasses
        assertArrayEquals(new float[] {1, 0, 0, 0, 0}, split.test().labels()[0]);
        assertArrayEquals(new float[] {0, 1, 0, 0, 0}, split.test().labels()[1]);
        assertArrayEquals(new float[] {0, 0, 0, 1, 0}, split.train().labels()[3]);
        assertEquals("103", split.train().patients()[3]);
        // each record keeps its statements, subclasses and superclasses for the other label sets
        assertTrue(split.test().recordLabels().get(1).containsAll(Set.of("IMI", "MI", "SR")),
                split.test().recordLabels().get(1).toString());
        DataSpec.Split rhythm = ProbeCommand.relabel(split, "ptbxl-rhythm", DataSpec.parse("ptbxl:" + root));
        assertEquals(1f, rhythm.test().labels()[1][rhythm.test().classes().indexOf("SR")]);
        assertEquals("report", split.train().reports()[3]);

        // pretraining with patient-level positives (PTB-XL has patient ids) on this folder
        Path run = root.resolve("run");
        assertEquals(0, Main.run(EndToEndTest.args(EndToEndTest.TINY, "pretrain", "--data", "ptbxl:" + root,
                "--steps", "2", "--batch", "4", "--out", run.toString())));
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/step-000002.safetensors")));
    }

    /** The CinC sample converted to shards reads back with the same split and the same (mapped) labels. */
    @Test
    void shardFolderMatchesTheRecordsItWasWrittenFrom(@TempDir Path dir) throws Exception {
        Path sample = SharedSample.cinc();
        CincDataset cinc = CincDataset.open(sample);
        Path shards = dir.resolve("shards");
        ShardWriter.of(Preprocessor.defaults().withTarget(250, 2500)).write(cinc, cinc.recordIds(),
                EcgDataset.BadRecordPolicy.FAIL, shards);
        DataSpec.Request r = new DataSpec.Request(2500, 10, 0, 0, 0.2, 1);
        DataSpec.Split fromShards = DataSpec.parse(shards.toString()).load(r);
        DataSpec.Split fromRecords = DataSpec.parse("cinc:" + sample).load(r);
        assertEquals(fromRecords.train().size(), fromShards.train().size());
        assertEquals(fromRecords.test().size(), fromShards.test().size());
        List<float[]> a = new ArrayList<>(List.of(fromShards.train().labels()));
        List<float[]> b = new ArrayList<>(List.of(fromRecords.train().labels()));
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i), a.get(i), "train record " + i);
        }
        // shard samples are 16-bit: the signals agree to the shard's quantization
        float[] s = fromShards.test().signals()[0][1];
        float[] t = fromRecords.test().signals()[0][1];
        double worst = 0;
        for (int i = 0; i < s.length; i++) {
            worst = Math.max(worst, Math.abs(s[i] - t[i]));
        }
        assertTrue(worst < 0.01, "largest difference " + worst);
    }
}
