package dev.cairn.testing.memory;

import static dev.cairn.testing.memory.LifeFact.of;

import dev.cairn.testing.memory.Household.Relative;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated person's tastes and week: food, music and reading preferences of themselves and
 * their family on the same subjects, and the weekly activities of everyone in the house, worded
 * alike and told apart by day and by name.
 * Stateless; the household passed in is not shared between threads.
 */
final class HabitsFacts {

    private HabitsFacts() {
    }

    static List<LifeFact> facts(Household h) {
        List<LifeFact> facts = new ArrayList<>();
        tastes(h, facts);
        routine(h, facts);
        return facts;
    }

    private static void tastes(Household h, List<LifeFact> facts) {
        facts.add(of("tastes", "favourite-dish", "My favourite dish is %1$s.".formatted(h.value("dish")))
                .asked("What meal do I like best?"));
        facts.add(of("tastes", "dislike", h.pick("I can't stand %1$s.", "I really hate %1$s.").formatted(h.value("dislike")))
                .asked("Which flavour is repulsive to me?"));
        Relative partner = h.partner;
        facts.add(of("tastes", "partner-dislike", "%1$s refuses to touch %2$s.".formatted(partner.name(), h.value("dislike")))
                .asked("What won't my spouse have on a plate?")
                .named(partner.name(), "Which food does " + partner.name() + " avoid?"));
        facts.add(of("tastes", "music", "I listen to %1$s while cooking.".formatted(h.value("genre")))
                .asked("What tunes do I enjoy in the kitchen?"));
        Relative child = h.children.get(h.children.size() - 1);
        String band = h.value("band");
        facts.add(of("tastes", "child-music", "%1$s is obsessed with the band %2$s.".formatted(child.name(), band))
                .named(child.name(), "Which group does " + child.name() + " adore?")
                .named(band, "Who in the family is a fan of " + band + "?"));
        facts.add(of("tastes", "author", "My favourite author is %1$s.".formatted(h.value("author")))
                .asked("Which writer do I admire most?"));
        facts.add(of("tastes", "team", "I support %1$s and never miss a home game.".formatted(h.value("team")))
                .asked("Which club am I a fan of?"));
        facts.add(of("tastes", "language", "I am learning %1$s with an app every evening.".formatted(h.value("language")))
                .asked("Which foreign tongue am I picking up?"));
        facts.add(of("tastes", "coffee", "I drink my coffee black with no sugar.")
                .asked("How do I take my morning brew?"));
    }

    private static void routine(Household h, List<LifeFact> facts) {
        String potteryDay = h.value("weekday");
        facts.add(of("routine", "pottery", "I have a pottery class on %1$s evenings.".formatted(potteryDay))
                .asked("What craft course do I attend?")
                .named(potteryDay, "What am I doing on " + potteryDay + " nights?"));
        for (Relative child : h.children) {
            boolean sport = h.children.indexOf(child) % 2 == 0;
            String day = h.value("weekday");
            LifeFact fact = sport
                    ? of("routine", "practice-" + child.name(), "%1$s has %2$s training on %3$ss.".formatted(child.name(),
                            h.value("sport"), day)).named(child.name(), "Which game does " + child.name() + " play?")
                    : of("routine", "practice-" + child.name(), "%1$s takes %2$s lessons on %3$s afternoons."
                            .formatted(child.name(), h.value("instrument"), day))
                            .named(child.name(), "What music is " + child.name() + " studying?");
            facts.add(fact.named(day, "What is on for the kids on " + day + "?"));
        }
        String cleanerDay = h.value("weekday");
        facts.add(of("routine", "cleaner", "Our cleaner comes every other %1$s.".formatted(cleanerDay))
                .asked("How often does someone tidy the house?"));
        String swimmer = h.name("woman");
        facts.add(of("routine", "swimming", "I go swimming with %1$s on %2$s mornings.".formatted(swimmer, h.any("weekday")))
                .asked("What sport do I do with a friend before work?")
                .named(swimmer, "What do I do with " + swimmer + " each week?"));
        facts.add(of("routine", "recycling", "Recycling is collected on alternate %1$ss.".formatted(h.any("weekday")))
                .asked("When does the rubbish pickup come?"));
    }
}
