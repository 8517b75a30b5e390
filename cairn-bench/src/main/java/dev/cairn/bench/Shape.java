package dev.cairn.bench;

import java.util.ArrayList;
import java.util.List;

/** A workload's size: sessions in parallel and turns per session, written {@code 20x10}. */
record Shape(int threads, int turns) {

    Shape {
        check(threads, turns);
    }

    static void check(int threads, int turns) {
        if (threads < 1 || turns < 1) {
            throw new IllegalArgumentException("--threads and --turns must be at least 1, got " + threads + " and " + turns);
        }
    }

    /** Parses {@code 20x10,5x40}. */
    static List<Shape> parseList(String text) {
        List<Shape> shapes = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] sides = part.trim().split("x");
            try {
                if (sides.length != 2) {
                    throw new NumberFormatException(part);
                }
                shapes.add(new Shape(Integer.parseInt(sides[0]), Integer.parseInt(sides[1])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("shape '" + part + "' must be THREADSxTURNS, for example 20x10");
            }
        }
        return shapes;
    }

    @Override
    public String toString() {
        return threads + "x" + turns;
    }
}
