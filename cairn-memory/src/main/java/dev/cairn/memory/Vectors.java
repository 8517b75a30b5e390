package dev.cairn.memory;

/** Arithmetic on embedding vectors. */
final class Vectors {

    private Vectors() {
    }

    /** {@code vector} scaled in place to length 1 and returned; a zero vector is returned as is. */
    static float[] normalize(float[] vector) {
        double squares = 0;
        for (float component : vector) {
            squares += (double) component * component;
        }
        if (squares == 0) {
            return vector;
        }
        float scale = (float) (1 / Math.sqrt(squares));
        for (int index = 0; index < vector.length; index++) {
            vector[index] *= scale;
        }
        return vector;
    }

    static double dot(float[] left, float[] right) {
        double sum = 0;
        for (int index = 0; index < left.length; index++) {
            sum += (double) left[index] * right[index];
        }
        return sum;
    }
}
