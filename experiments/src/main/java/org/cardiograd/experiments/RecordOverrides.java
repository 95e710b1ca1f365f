package org.cardiograd.experiments;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Overrides fields of a configuration record from {@code key=value} strings (the {@code --set} option), and
 * lists a record's fields for config.json. Works for any record of numbers, booleans, strings and enums, so a
 * new model's config needs no parsing code of its own.
 */
final class RecordOverrides {
    private RecordOverrides() {}

    /** A copy of {@code base} with the given fields replaced; unknown fields and bad values are errors. */
    static <R extends Record> R apply(R base, List<String> assignments) {
        RecordComponent[] fields = base.getClass().getRecordComponents();
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            values[i] = get(base, fields[i]);
        }
        for (String a : assignments) {
            int eq = a.indexOf('=');
            String key = eq < 0 ? a : a.substring(0, eq).trim();
            int i = indexOf(fields, key);
            if (eq < 0 || i < 0) {
                throw new Options.UsageException("--set " + a + ": expected key=value with key one of "
                        + names(fields));
            }
            values[i] = parse(fields[i], a.substring(eq + 1).trim());
        }
        try {
            Class<?>[] types = Arrays.stream(fields).map(RecordComponent::getType).toArray(Class<?>[]::new);
            @SuppressWarnings("unchecked")
            Constructor<R> ctor = (Constructor<R>) base.getClass().getDeclaredConstructor(types);
            return ctor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new Options.UsageException("--set: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record's fields in declaration order. */
    static Map<String, Object> fields(Record r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v = get(r, c);
            out.put(c.getName(), v instanceof Enum<?> e ? e.name() : v);
        }
        return out;
    }

    private static Object parse(RecordComponent field, String text) {
        Class<?> t = field.getType();
        try {
            if (t == int.class) {
                return Integer.parseInt(text);
            } else if (t == long.class) {
                return Long.parseLong(text);
            } else if (t == float.class) {
                return Float.parseFloat(text);
            } else if (t == double.class) {
                return Double.parseDouble(text);
            } else if (t == boolean.class) {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new IllegalArgumentException();
                }
                return Boolean.parseBoolean(text);
            } else if (t == String.class) {
                return text;
            } else if (t.isEnum()) {
                for (Object constant : t.getEnumConstants()) {
                    if (((Enum<?>) constant).name().equalsIgnoreCase(text)) {
                        return constant;
                    }
                }
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            String expected = t.isEnum() ? "one of " + Arrays.toString(t.getEnumConstants()) : (t == boolean.class ? "true or false" : "a number (" + t.getSimpleName() + ")");
            throw new Options.UsageException("--set " + field.getName() + "=" + text + ": expected " + expected);
        }
        throw new IllegalStateException("field " + field.getName() + " of type " + t + " cannot be set");
    }

    private static Object get(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(RecordComponent[] fields, String name) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> names(RecordComponent[] fields) {
        return Arrays.stream(fields).map(RecordComponent::getName).toList();
    }
}
