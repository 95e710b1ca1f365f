package org.cardiograd.tensor.reference;

import org.cardiograd.tensor.*;

/** TODO(issue 2): being written. */
final class ReferenceElementwise {
    static void copy(Tensor src, Tensor dst) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void fill(Tensor dst, float value) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void unary(UnaryOp op, Tensor x, Tensor out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void reduce(ReduceOp op, Tensor x, Tensor out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void gather(Tensor x, Tensor index, Tensor out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void scatterAdd(Tensor out, Tensor index, Tensor src) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void indexSelect(Tensor x, Tensor index, Tensor out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void indexAdd(Tensor out, Tensor index, Tensor src) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void topk(Tensor x, int k, boolean largest, Tensor values, Tensor indices) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    static void random(Tensor out, long key, Distribution distribution, float a, float b) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
