/** Pictures of ECGs: {@link org.cardiograd.ecg.plot.EcgPlot} draws 12-lead signals on standard ECG paper. */
package org.cardiograd.ecg.plot;
