package org.cardiograd.ecg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cardiograd.ecg.io.EcgFormatException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged shard folder fails to open with a message naming the file and what was expected. */
class ShardCorruptionTest {
    private static final int LENGTH = 100;

    @TempDir
    Path dir;
    private Path folder;
    private Path shard1;
    private Path index;

    @BeforeEach
    void write() throws IOException {
        folder = dir.resolve("shards");
        ShardWriter.of(TestRecords.identity(LENGTH)).withRecordsPerShard(3)
                .write(TestRecords.random(5, LENGTH, 1.0, 11), folder);
        shard1 = folder.resolve("shard-00001.bin");
        index = folder.resolve("index.tsv");
        assertEquals(5, EcgShards.open(folder).size());
    }

    @Test
    void truncatedShard() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(shard1.toFile(), "rw")) {
            f.setLength(f.length() - 10);
        }
        EcgFormatException e = failure();
        assertEquals(shard1, e.file());
        assertTrue(e.getMessage().contains("truncated, record 4 is incomplete"), e.getMessage());
    }

    @Test
    void shardShorterThanItsHeader() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(shard1.toFile(), "rw")) {
            f.setLength(20);
        }
        EcgFormatException e = failure();
        assertEquals(shard1, e.file());
        assertTrue(e.getMessage().contains("expected a 64-byte shard header"), e.getMessage());
    }

    @Test
    void extraBytesAfterTheLastRecord() throws IOException {
        Files.write(shard1, new byte[7], java.nio.file.StandardOpenOption.APPEND);
        EcgFormatException e = failure();
        assertEquals(shard1, e.file());
        assertTrue(e.getMessage().contains("bytes; expected"), e.getMessage());
    }

    @Test
    void wrongMagic() throws IOException {
        patch(shard1, 0, "NOTASHRD".getBytes(StandardCharsets.US_ASCII));
        EcgFormatException e = failure();
        assertEquals(shard1, e.file());
        assertTrue(e.getMessage().contains("magic number is 'NOTASHRD'"), e.getMessage());
    }

    @Test
    void unknownVersion() throws IOException {
        patch(shard1, 8, intLe(2));
        EcgFormatException e = failure();
        assertTrue(e.getMessage().contains("version 2") && e.getMessage().contains("shard-00001.bin"),
                e.getMessage());
    }

    @Test
    void headerCountDisagreesWithTheIndex() throws IOException {
        patch(shard1, 24, intLe(3)); // the index says 2
        EcgFormatException e = failure();
        assertEquals(shard1, e.file());
        assertTrue(e.getMessage().contains("says 3 records") && e.getMessage().contains("expected 2 records"),
                e.getMessage());
    }

    @Test
    void indexCountDisagreesWithItsRecordLines() throws IOException {
        replaceInIndex("records\t5\n", "records\t6\n");
        EcgFormatException e = failure();
        assertEquals(index, e.file());
        assertTrue(e.getMessage().contains("hold 5 records; expected 6"), e.getMessage());
    }

    @Test
    void missingShardFile() throws IOException {
        Files.delete(shard1);
        EcgFormatException e = failure();
        assertEquals(shard1, e.file());
        assertTrue(e.getMessage().contains("missing shard file"), e.getMessage());
    }

    @Test
    void badIndexLinesAreNamedByLineNumber() throws IOException {
        replaceInIndex("encoding\tint16", "encoding\tint12");
        EcgFormatException e = failure();
        assertEquals(index, e.file());
        assertEquals("line 4", e.location()); // after a comment line, format and version
        assertTrue(e.getMessage().contains("expected int16 or float16"), e.getMessage());
    }

    @Test
    void badEscapeInARecordLine() throws IOException {
        replaceInIndex("record\trec-3\t", "record\trec\\x3\t");
        EcgFormatException e = failure();
        assertEquals(index, e.file());
        assertTrue(e.getMessage().contains("bad escape"), e.getMessage());
    }

    @Test
    void labelPositionOutsideTheVocabulary() throws IOException {
        String text = Files.readString(index);
        int labels = (int) text.lines().filter(l -> l.startsWith("label\t")).count();
        String line = text.lines().filter(l -> l.startsWith("record\trec-1\t")).findFirst().orElseThrow();
        String[] f = line.split("\t", -1);
        f[3] = String.valueOf(labels);
        replaceInIndex(line, String.join("\t", f));
        EcgFormatException e = failure();
        assertTrue(e.getMessage().contains("record rec-1 has label position " + labels), e.getMessage());
    }

    @Test
    void missingIndex() throws IOException {
        Files.delete(index);
        EcgFormatException e = failure();
        assertEquals(index, e.file());
    }

    private EcgFormatException failure() {
        return assertThrows(EcgFormatException.class, () -> EcgShards.open(folder));
    }

    private void replaceInIndex(String from, String to) throws IOException {
        String text = Files.readString(index);
        assertTrue(text.contains(from), from);
        Files.writeString(index, text.replace(from, to));
    }

    private static byte[] intLe(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static void patch(Path file, long offset, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            f.write(bytes);
        }
    }
}
