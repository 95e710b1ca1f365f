/**
 * Zero-shot classification from text: the category description sets written for this project (PTB-XL
 * super/sub/form/rhythm, CPSC2018, Chapman-Shaoxing-Ningbo, the synthetic classes; {@link
 * org.cardiograd.ecg.zeroshot.CategoryDescriptionSet}) and the cosine-similarity scorer with its macro AUROC
 * ({@link org.cardiograd.ecg.zeroshot.ZeroShotClassifier}).
 */
package org.cardiograd.ecg.zeroshot;
