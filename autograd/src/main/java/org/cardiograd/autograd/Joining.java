package org.cardiograd.autograd;

import org.cardiograd.tensor.Tensor;

/** Concatenation; its backward hands each input the slice of the gradient it filled. */
final class Joining {
    private Joining() {}

    static final class Cat extends Function {
        private int axis;
        private int[] sizes;

        static Variable apply(int axis, Variable... parts) {
            Cat fn = new Cat();
            Tensor[] values = new Tensor[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = parts[i].value();
            }
            Tensor y = Tensor.cat(axis, values); // validates
            fn.axis = axis < 0 ? axis + y.rank() : axis;
            fn.sizes = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                fn.sizes[i] = values[i].shape(fn.axis);
            }
            return record(fn, y, parts);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] grads = new Tensor[sizes.length];
            int start = 0;
            for (int i = 0; i < sizes.length; i++) {
                grads[i] = needsInputGrad(i) ? g.narrow(axis, start, sizes[i]) : null;
                start += sizes[i];
            }
            return grads;
        }
    }
}
