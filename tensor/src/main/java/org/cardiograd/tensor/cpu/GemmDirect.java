package org.cardiograd.tensor.cpu;

/**
 * The direct path for tiny products, where packing would cost more than the arithmetic: one fused multiply-add
 * chain per output element, in k order, single-threaded.
 */
final class GemmDirect {
    private GemmDirect() {}

    static void run(GemmProblem p, float[] scratch) {
        GemmOperand a = p.a();
        GemmOperand b = p.b();
        float[] ad = a.data();
        float[] bd = b.data();
        float[] c = p.c();
        int n = p.n();
        for (int batch = 0; batch < p.batch(); batch++) {
            int aBase = a.base(batch);
            int bBase = b.base(batch);
            int cBase = p.cOffset() + batch * p.m() * n;
            for (int i = 0; i < p.m(); i++) {
                int aRow = aBase + i * a.rowStride();
                int cRow = cBase + i * n;
                for (int j = 0; j < n; j++) {
                    int bCol = bBase + j * b.colStride();
                    float s = 0f;
                    for (int k = 0; k < p.k(); k++) {
                        s = Math.fma(ad[aRow + k * a.colStride()], bd[bCol + k * b.rowStride()], s);
                    }
                    c[cRow + j] = p.accumulate() ? c[cRow + j] + s : s;
                }
                if (GemmEpilogue.needed(p.bias(), p.epilogue())) {
                    GemmEpilogue.apply(c, cRow, n, p.bias(), p.biasOffset(), p.epilogue(), scratch);
                }
            }
        }
    }
}
