/**
 * Fast loading: a compact shard format for converted datasets and a batching {@link
 * org.cardiograd.ecg.data.DataLoader}.
 *
 * <ul>
 *   <li>{@link org.cardiograd.ecg.data.ShardWriter} preprocesses any records (a dataset, a list) to one fixed
 *       rate and length and writes a folder: {@code index.tsv} (ids, labels, reports, patient ids, metadata;
 *       see {@code ShardIndex}) and {@code shard-00000.bin}, ... (a 64-byte header, then fixed-size records of
 *       16-bit samples, see {@link org.cardiograd.ecg.data.SampleEncoding}). Conversion is all or nothing.</li>
 *   <li>{@link org.cardiograd.ecg.data.EcgShards} memory-maps such a folder and decodes records into float
 *       arrays without per-sample allocation.</li>
 *   <li>{@link org.cardiograd.ecg.data.DataLoader} shuffles (seeded per epoch), batches into tensors, applies
 *       an optional per-sample transform (seeded per sample) and prefetches on a background thread.</li>
 * </ul>
 */
package org.cardiograd.ecg.data;
