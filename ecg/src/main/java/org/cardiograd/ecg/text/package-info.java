/**
 * The text side of ECG-report models (CG-DMER): a BERT tokenizer and encoder that are HuggingFace-compatible.
 *
 * <ul>
 *   <li>{@link org.cardiograd.ecg.text.WordPieceTokenizer}: BERT's basic tokenization and greedy WordPiece, from a
 *       HuggingFace {@code vocab.txt} or trained on a corpus ({@link org.cardiograd.ecg.text.ReportCorpus});</li>
 *   <li>{@link org.cardiograd.ecg.text.BertModel} (post-LN, exact GELU, fused attention with a key-padding mask)
 *       and {@link org.cardiograd.ecg.text.BertMlmHead}, whose state dicts carry HuggingFace BertModel's and
 *       BertForMaskedLM's names, so {@link org.cardiograd.ecg.text.BertCheckpoint} loads a downloaded BERT (e.g. a
 *       clinical BERT) from safetensors;</li>
 *   <li>{@link org.cardiograd.ecg.text.MlmMasking}: 15% selection, 80/10/10 corruption and the MLM loss.</li>
 * </ul>
 * Matched against a PyTorch BERT with HuggingFace's names and math (ecg/src/test/python/make_tiny_bert.py).
 */
package org.cardiograd.ecg.text;
