package org.cardiograd.tensor.opencl;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

import org.cardiograd.tensor.Tensor;

/**
 * Launches the elementwise kernel over any strided layout. The layout travels as scalar launch arguments: the
 * shape is first collapsed (size-1 dims dropped, neighbours merged where every operand is contiguous across
 * them), so typical views need one to three dims; beyond {@link OpenClKernel#MAX_RANK} the host loops over the
 * leading dims.
 */
final class OpenClElementwise {
    private OpenClElementwise() {}

    /** out = f(operands...) with the kind and function already chosen; operands may be empty (fill). */
    static void run(OpenClLauncher launcher, int kind, int fn, float scalar, Tensor out, Tensor... operands) {
        Tensor[] all = new Tensor[operands.length + 1];
        all[0] = out;
        System.arraycopy(operands, 0, all, 1, operands.length);
        Layout layout = Layout.collapse(out.shape(), all);
        OpenClKernel k = launcher.kernel;
        // positions are taken under the lock and the operands kept reachable to the end (see OpenClOps)
        synchronized (launcher) {
            long[] bases = new long[all.length];
            for (int t = 0; t < all.length; t++) {
                bases[t] = OpenClBackend.position(all[t]);
            }
            k.op = OpenClKernel.OP_ELEMENTWISE;
            k.kind = kind;
            k.fn = fn;
            k.scalar = scalar;
            runLeading(launcher, layout, bases, 0);
        }
        Reference.reachabilityFence(all);
    }

    /** Loops on the host over the dims that do not fit the kernel's MAX_RANK. */
    private static void runLeading(OpenClLauncher launcher, Layout layout, long[] bases, int dim) {
        int lead = layout.rank() - OpenClKernel.MAX_RANK;
        if (dim < lead) {
            for (int i = 0; i < layout.shape.get(dim); i++) {
                long[] moved = bases.clone();
                for (int t = 0; t < moved.length; t++) {
                    moved[t] += i * layout.strides.get(t).get(dim);
                }
                runLeading(launcher, layout, moved, dim + 1);
            }
            return;
        }
        int from = Math.max(0, lead);
        int[] e = new int[OpenClKernel.MAX_RANK];
        int[][] s = new int[4][OpenClKernel.MAX_RANK];
        long count = 1;
        int pad = OpenClKernel.MAX_RANK - (layout.rank() - from);
        for (int d = 0; d < OpenClKernel.MAX_RANK; d++) {
            int src = from + d - pad;
            e[d] = src < from ? 1 : layout.shape.get(src);
            count *= e[d];
            for (int t = 0; t < bases.length; t++) {
                s[t][d] = src < from ? 0 : Math.toIntExact(layout.strides.get(t).get(src));
            }
        }
        OpenClKernel k = launcher.kernel;
        k.e0 = e[0]; k.e1 = e[1]; k.e2 = e[2]; k.e3 = e[3]; k.e4 = e[4]; k.e5 = e[5];
        k.so0 = s[0][0]; k.so1 = s[0][1]; k.so2 = s[0][2]; k.so3 = s[0][3]; k.so4 = s[0][4]; k.so5 = s[0][5];
        k.sa0 = s[1][0]; k.sa1 = s[1][1]; k.sa2 = s[1][2]; k.sa3 = s[1][3]; k.sa4 = s[1][4]; k.sa5 = s[1][5];
        k.sb0 = s[2][0]; k.sb1 = s[2][1]; k.sb2 = s[2][2]; k.sb3 = s[2][3]; k.sb4 = s[2][4]; k.sb5 = s[2][5];
        k.sc0 = s[3][0]; k.sc1 = s[3][1]; k.sc2 = s[3][2]; k.sc3 = s[3][3]; k.sc4 = s[3][4]; k.sc5 = s[3][5];
        k.oBase = Math.toIntExact(bases[0]);
        k.aBase = bases.length > 1 ? Math.toIntExact(bases[1]) : 0;
        k.bBase = bases.length > 2 ? Math.toIntExact(bases[2]) : 0;
        k.cBase = bases.length > 3 ? Math.toIntExact(bases[3]) : 0;
        k.count = Math.toIntExact(count);
        launcher.launch(k.count);
    }

    /** pool[position .. position+length) = value (allocation zeroing, clearing the error cells). */
    static void fillRange(OpenClLauncher launcher, int position, int length, float value) {
        OpenClKernel k = launcher.kernel;
        synchronized (launcher) {
            k.op = OpenClKernel.OP_ELEMENTWISE;
            k.kind = OpenClKernel.EW_FILL;
            k.scalar = value;
            k.e0 = 1; k.e1 = 1; k.e2 = 1; k.e3 = 1; k.e4 = 1; k.e5 = length;
            k.so5 = 1;
            k.oBase = position;
            k.count = length;
            launcher.launch(length);
        }
    }

    /** A shape with one stride list per operand, after dropping size-1 dims and merging contiguous runs. */
    private static final class Layout {
        final List<Integer> shape = new ArrayList<>();
        final List<List<Long>> strides = new ArrayList<>();

        int rank() {
            return shape.size();
        }

        static Layout collapse(int[] shape, Tensor[] operands) {
            Layout l = new Layout();
            for (int t = 0; t < operands.length; t++) {
                l.strides.add(new ArrayList<>());
            }
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] == 1) {
                    continue;
                }
                int last = l.rank() - 1;
                boolean merge = last >= 0;
                for (int t = 0; t < operands.length && merge; t++) {
                    merge = l.strides.get(t).get(last) == operands[t].stride(d) * shape[d];
                }
                if (merge) {
                    l.shape.set(last, l.shape.get(last) * shape[d]);
                    for (int t = 0; t < operands.length; t++) {
                        l.strides.get(t).set(last, operands[t].stride(d));
                    }
                } else {
                    l.shape.add(shape[d]);
                    for (int t = 0; t < operands.length; t++) {
                        l.strides.get(t).add(operands[t].stride(d));
                    }
                }
            }
            return l;
        }
    }
}
