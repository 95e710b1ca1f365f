/**
 * Pictures: {@link org.cardiograd.ecg.plot.EcgPlot} draws 12-lead signals on standard ECG paper, {@link
 * org.cardiograd.ecg.plot.ScatterPlot} draws class-coloured 2-d maps (t-SNE), {@link org.cardiograd.ecg.plot.Png}
 * holds what they share.
 */
package org.cardiograd.ecg.plot;
