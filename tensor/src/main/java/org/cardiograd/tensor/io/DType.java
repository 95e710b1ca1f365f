package org.cardiograd.tensor.io;

/**
 * The element types of the safetensors format that have a whole number of bytes, with their spec names.
 * Sub-byte types (F4, F6_*) and complex types are not supported and count as unknown.
 */
public enum DType {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), F8_E8M0(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    F64(8), I64(8), U64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }

    /** True for the float types this reader converts to float32 tensors (F64, F32, F16, BF16; not the F8s). */
    public boolean isReadableAsFloat() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /** True for the integer types (and BOOL) this reader returns as {@code long[]}. */
    public boolean isInteger() {
        switch (this) {
            case BOOL: case U8: case I8: case I16: case U16: case I32: case U32: case I64: case U64:
                return true;
            default:
                return false;
        }
    }

    /** The dtype with this spec name, or null. */
    public static DType of(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
