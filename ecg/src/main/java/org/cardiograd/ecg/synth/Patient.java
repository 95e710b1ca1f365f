package org.cardiograd.ecg.synth;

/**
 * The natural, class-independent variation between records: what makes two normal ECGs differ. All times in
 * seconds, amplitudes in mV of dipole magnitude, angles in degrees.
 *
 * @param prSeconds            PR interval (P onset to QRS onset) at RR = 1 s
 * @param qrsSeconds           duration of normal ventricular depolarization
 * @param qtcSeconds           QT corrected to RR = 1 s (Fridericia), for normal conduction
 * @param pAmplitude           P wave size
 * @param pAxisDeg             frontal P axis
 * @param septalAmplitude      initial septal force (q in I, aVL, V5-V6; r in V1)
 * @param rAmplitude           main left-ventricular force
 * @param sAmplitude           terminal posterior-superior force (S in V1-V3)
 * @param tAmplitude           T wave size
 * @param qrsAxisDeg           frontal direction of the main ventricular force
 * @param transitionDeg        rotation of the ventricular forces in the horizontal plane (moves the R/S transition)
 * @param tAxisOffsetDeg       frontal T direction relative to the QRS
 * @param earlyRepolarization  benign J/ST elevation towards the anterior leads
 * @param gain                 body habitus: scales every lead
 * @param respirationHz        breathing rate
 * @param respirationPhase     breathing phase at time 0 (radians)
 * @param respiratoryAmplitude relative QRS amplitude change with breathing
 * @param rsaAmplitude         respiratory sinus arrhythmia: relative RR modulation at the breathing rate
 * @param mayerAmplitude       relative RR modulation at the Mayer-wave frequency (about 0.1 Hz)
 * @param mayerPhase           Mayer-wave phase at time 0 (radians)
 * @param rrJitter             standard deviation of the beat-to-beat log-normal RR jitter
 */
record Patient(
    double prSeconds,
    double qrsSeconds,
    double qtcSeconds,
    double pAmplitude,
    double pAxisDeg,
    double septalAmplitude,
    double rAmplitude,
    double sAmplitude,
    double tAmplitude,
    double qrsAxisDeg,
    double transitionDeg,
    double tAxisOffsetDeg,
    double earlyRepolarization,
    double gain,
    double respirationHz,
    double respirationPhase,
    double respiratoryAmplitude,
    double rsaAmplitude,
    double mayerAmplitude,
    double mayerPhase,
    double rrJitter) {
}
