package dev.cairn.testing.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One generated person and the people around them, as {@link LifeHistories} describes them: a
 * partner, one to three children, one or two siblings, parents, friends. Values are drawn from
 * {@link FactSlots} without repeats inside the household (no two relatives share a first name, no
 * two facts share an order code or a surname; only months, days and some weekdays may repeat), so
 * a name or code a question repeats points at the facts it belongs to and nothing else of this
 * person. Not thread-safe: one generation uses it.
 */
final class Household {

    /** A relative, by first name; {@code female} decides the words (sister or brother). */
    record Relative(String name, boolean female) {

        String sibling() {
            return female ? "sister" : "brother";
        }

        String child() {
            return female ? "daughter" : "son";
        }

        String spouse() {
            return female ? "wife" : "husband";
        }

        String pronoun() {
            return female ? "her" : "his";
        }
    }

    final Random random;
    private final FactSlots slots;
    private final Map<String, Set<String>> used = new HashMap<>();
    final Relative partner;
    final Relative mother;
    final Relative father;
    final List<Relative> children = new ArrayList<>();
    final List<Relative> siblings = new ArrayList<>();

    Household(Random random) {
        this.random = random;
        this.slots = new FactSlots(random);
        boolean wife = random.nextBoolean();
        this.partner = relative(wife);
        this.mother = relative(true);
        this.father = relative(false);
        int childCount = 1 + random.nextInt(3);
        for (int child = 0; child < childCount; child++) {
            children.add(child(random.nextBoolean()));
        }
        int siblingCount = 1 + random.nextInt(2);
        for (int sibling = 0; sibling < siblingCount; sibling++) {
            siblings.add(relative(random.nextBoolean()));
        }
    }

    private Relative relative(boolean female) {
        return new Relative(name(female ? "woman" : "man"), female);
    }

    private Relative child(boolean female) {
        return new Relative(name(female ? "girl" : "boy"), female);
    }

    /** A first name of {@code slot} no one else in the household has. */
    String name(String slot) {
        return distinct("name", slot);
    }

    /** A value of {@code slot} (a word or a made-up code) not yet used for this slot in the household. */
    String value(String slot) {
        return distinct(slot, slot);
    }

    private String distinct(String group, String slot) {
        Set<String> taken = used.computeIfAbsent(group, key -> new HashSet<>());
        for (int attempt = 0; attempt < 1_000; attempt++) {
            String value = slots.value(slot);
            if (taken.add(value)) {
                return value;
            }
        }
        throw new IllegalStateException("the values of {" + slot + "} ran out for one household");
    }

    /** A year from {@code from} to {@code to}, both included. */
    int year(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    /** A number from {@code from} to {@code to}, both included. */
    int number(int from, int to) {
        return year(from, to);
    }

    /** One of {@code wordings}, at random. */
    String pick(String... wordings) {
        return wordings[random.nextInt(wordings.length)];
    }

    /** A value of {@code slot} that may repeat within the household (a month, a weekday). */
    String any(String slot) {
        return slots.value(slot);
    }

    /** A month and day, as "March 14"; dates may repeat within the household. */
    String date() {
        return any("month") + " " + (1 + random.nextInt(28));
    }
}
