package org.cardiograd.ecg.synth;

/** A 3-D vector in the body frame used for the cardiac dipole: x to the patient's left, y inferior, z anterior. */
record Vec3(double x, double y, double z) {

    static final Vec3 ZERO = new Vec3(0, 0, 0);

    /** Direction in the frontal plane at {@code degrees} on the hexaxial scale (0 = left, +90 = inferior). */
    static Vec3 frontal(double degrees) {
        double a = Math.toRadians(degrees);
        return new Vec3(Math.cos(a), Math.sin(a), 0);
    }

    /** Direction in the horizontal plane at {@code degrees} (0 = left, +90 = anterior). */
    static Vec3 horizontal(double degrees) {
        double a = Math.toRadians(degrees);
        return new Vec3(Math.cos(a), 0, Math.sin(a));
    }

    Vec3 plus(Vec3 o) {
        return new Vec3(x + o.x, y + o.y, z + o.z);
    }

    Vec3 minus(Vec3 o) {
        return new Vec3(x - o.x, y - o.y, z - o.z);
    }

    Vec3 times(double s) {
        return new Vec3(x * s, y * s, z * s);
    }

    double dot(Vec3 o) {
        return x * o.x + y * o.y + z * o.z;
    }

    double norm() {
        return Math.sqrt(dot(this));
    }

    Vec3 unit() {
        double n = norm();
        if (n == 0) {
            throw new IllegalStateException("cannot normalize the zero vector");
        }
        return times(1 / n);
    }

    /** Rotation about the vertical (y) axis: adds {@code degrees} to the horizontal-plane angle (towards anterior). */
    Vec3 rotateHorizontal(double degrees) {
        double a = Math.toRadians(degrees);
        double c = Math.cos(a);
        double s = Math.sin(a);
        return new Vec3(c * x - s * z, y, s * x + c * z);
    }

    /** Rotation about the anterior (z) axis: adds {@code degrees} to the frontal-plane (hexaxial) angle. */
    Vec3 rotateFrontal(double degrees) {
        double a = Math.toRadians(degrees);
        double c = Math.cos(a);
        double s = Math.sin(a);
        return new Vec3(c * x - s * y, s * x + c * y, z);
    }
}
