package dev.cqrskit.benchmarks.core;

import dev.cqrskit.core.Command;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;

/**
 * Makes distinct command classes at run time by defining the same class bytes in separate class loaders, so a bus
 * can be filled with a thousand handlers without a thousand source files.
 */
final class ManyCommandTypes {

    private ManyCommandTypes() {
    }

    /** A command whose class is copied into many loaders. */
    public record Filler(int n) implements Command<Integer> {
    }

    @SuppressWarnings("unchecked")
    static Class<? extends Command<Integer>>[] make(int count) {
        byte[] bytes = bytesOf(Filler.class);
        Class<? extends Command<Integer>>[] types = new Class[count];
        for (int i = 0; i < count; i++) {
            types[i] = (Class<? extends Command<Integer>>) new Loader(bytes).define();
        }
        return types;
    }

    static Command<Integer> instanceOf(Class<? extends Command<Integer>> type, int n) {
        try {
            Constructor<? extends Command<Integer>> constructor = type.getDeclaredConstructor(int.class);
            constructor.setAccessible(true);
            return constructor.newInstance(n);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type, e);
        }
    }

    private static byte[] bytesOf(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static final class Loader extends ClassLoader {
        private final byte[] bytes;

        Loader(byte[] bytes) {
            super(ManyCommandTypes.class.getClassLoader());
            this.bytes = bytes;
        }

        Class<?> define() {
            return defineClass(Filler.class.getName(), bytes, 0, bytes.length);
        }
    }
}
