package dev.cairn.testing.memory;

import static dev.cairn.testing.memory.LifeFact.of;

import dev.cairn.testing.memory.Household.Relative;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated person's work, homes and acquaintances: three jobs of their own over the years
 * beside their partner's, siblings' and father's, the places they lived, the people they rely on.
 * Jobs and homes share cities and wording on purpose: "What did I do for a living in Lisbon?"
 * has the flat rented in Lisbon and the brother's job as lexical and semantic distractors.
 * Stateless; the household passed in is not shared between threads.
 */
final class WorkAndHomeFacts {

    private WorkAndHomeFacts() {
    }

    static List<LifeFact> facts(Household h, List<String> cities) {
        List<LifeFact> facts = new ArrayList<>();
        String employer = ownJobs(h, cities, facts);
        othersJobs(h, cities, employer, facts);
        home(h, cities, facts);
        people(h, cities, facts);
        return facts;
    }

    /** The person's three jobs; returns the current employer. */
    private static String ownJobs(Household h, List<String> cities, List<LifeFact> facts) {
        String firstEmployer = h.value("employer");
        String firstCity = cities.get(0);
        int started = h.year(2001, 2008);
        facts.add(of("work", "job-first", h.pick("My first job, from %1$d to %2$d, was as a %3$s at %4$s in %5$s.",
                "From %1$d to %2$d I was a junior %3$s with %4$s in %5$s.")
                .formatted(started, started + h.number(2, 4), h.value("profession"), firstEmployer, firstCity))
                .asked("What did I do for a living when I was starting out?",
                        "What was my earliest occupation after graduating?")
                .named(firstEmployer, "What role did I have at " + firstEmployer + "?")
                .named(firstCity, "What was my occupation back in " + firstCity + "?"));
        String previousEmployer = h.value("employer");
        String previousCity = cities.get(1);
        facts.add(of("work", "job-previous", h.pick("Before my current position I spent %1$d years as a %2$s for %3$s in %4$s.",
                "Until my present post, I had been a %2$s at %3$s in %4$s for %1$d years.")
                .formatted(h.number(3, 7), h.value("profession"), previousEmployer, previousCity))
                .asked("What job did I hold just prior to the one I have now?")
                .named(previousEmployer, "How long did I stay with " + previousEmployer + "?")
                .named(previousCity, "What was my occupation in " + previousCity + "?"));
        String employer = h.value("employer");
        String profession = h.value("profession");
        facts.add(of("work", "job-current", h.pick("These days I am a %1$s at %2$s, where I started in %3$d.",
                "I joined %2$s as a %1$s in %3$d and am still there.")
                .formatted(profession, employer, h.year(2015, 2023)))
                .asked("What is my occupation at the moment?", "What do I do for a living now?")
                .named(employer, "Since when have I been with " + employer + "?"));
        return employer;
    }

    private static void othersJobs(Household h, List<String> cities, String employer, List<LifeFact> facts) {
        Relative partner = h.partner;
        facts.add(of("work", "partner-job", h.pick("%1$s, my %2$s, works as a %3$s at %4$s.",
                "My %2$s %1$s has a job as a %3$s with %4$s.")
                .formatted(partner.name(), partner.spouse(), h.value("profession"), h.value("employer")))
                .asked("What is my spouse's occupation?", "What does my other half do all day?")
                .named(partner.name(), "What does " + partner.name() + " do for a living?"));
        for (Relative sibling : h.siblings) {
            String city = cities.get(2 + h.siblings.indexOf(sibling));
            LifeFact fact = of("work", "sibling-job-" + sibling.name(), h.pick("My %1$s %2$s is a %3$s in %4$s.",
                    "%2$s, my %1$s, earns a living as a %3$s in %4$s.")
                    .formatted(sibling.sibling(), sibling.name(), h.value("profession"), city))
                    .named(sibling.name(), "What is " + sibling.name() + "'s profession?");
            if (h.siblings.size() == 1) {
                fact.asked("What does my sibling do professionally?");
            }
            facts.add(fact);
        }
        Relative father = h.father;
        facts.add(of("work", "father-job", h.pick("My father %1$s was a %2$s until he retired in %3$d.",
                "Dad, %1$s, worked as a %2$s and retired in %3$d.")
                .formatted(father.name(), h.value("profession"), h.year(2010, 2022)))
                .asked("What was my old man's career before his pension?")
                .named(father.name(), "What was " + father.name() + "'s line of business?"));
        String manager = h.name("woman");
        String managerSurname = h.value("surname");
        facts.add(of("people", "manager", "My manager at %1$s is %2$s %3$s.".formatted(employer, manager, managerSurname))
                .asked("Who is my boss?", "Who do I report to?")
                .named(List.of(manager, managerSurname), "How do I know " + manager + " " + managerSurname + "?"));
        String colleague = h.name("man");
        facts.add(of("people", "colleague", "%1$s, a colleague, covers for me when I am on holiday.".formatted(colleague))
                .asked("Who fills in during my vacations?")
                .named(colleague, "What does " + colleague + " take over from me?"));
    }

    private static void home(Household h, List<String> cities, List<LifeFact> facts) {
        facts.add(of("home", "childhood", h.pick("I grew up in %1$s, in a house by the river.",
                "My childhood was spent in %1$s, near the river.").formatted(cities.get(4)))
                .asked("Where was I raised?", "Which town do I come from originally?"));
        String flatCity = cities.get(0);
        String flatStreet = h.value("street");
        facts.add(of("home", "rented-flat", h.pick("From %1$d to %2$d we rented a flat on %3$s in %4$s.",
                "We lived in a rented flat on %3$s in %4$s between %1$d and %2$d.")
                .formatted(2004 + h.number(0, 3), 2008 + h.number(0, 3), flatStreet, flatCity))
                .asked("Which apartment did we lease before owning a place?")
                .named(flatCity, "What was our address in " + flatCity + "?")
                .named(flatStreet, "When was I living on " + flatStreet + "?"));
        String street = h.value("street");
        facts.add(of("home", "house", h.pick("We bought our house on %1$s in %2$d; it has %3$s bedrooms.",
                "Our house on %1$s, bought in %2$d, has %3$s bedrooms.")
                .formatted(street, h.year(2012, 2021), h.pick("three", "four", "two")))
                .asked("When did we purchase the place where we reside today?")
                .named(street, "How many rooms are there at " + street + "?"));
        facts.add(of("home", "parents-home", h.pick("My parents live in %1$s, in a flat overlooking the park.",
                "Mum and Dad have a flat in %1$s that overlooks the park.").formatted(cities.get(5)))
                .asked("Where are my folks based?"));
        String cabinCity = cities.get(6);
        facts.add(of("home", "cabin", "Every August we rent the same cabin near %1$s.".formatted(cabinCity))
                .asked("Where do we go each summer?", "Where do we spend our summer holidays?")
                .named(cabinCity, "When do we stay outside " + cabinCity + "?"));
        String neighbour = h.name("man");
        String neighbourSurname = h.value("surname");
        facts.add(of("people", "neighbour", "Our neighbour %1$s %2$s keeps a spare key to the house."
                .formatted(neighbour, neighbourSurname))
                .asked("Who can let me in if I get locked out?")
                .named(List.of(neighbour, neighbourSurname), "What does " + neighbour + " " + neighbourSurname + " look after for us?"));
        facts.add(of("home", "boiler", "The boiler was serviced in %1$s and works fine again.".formatted(h.any("month")))
                .asked("When was the heating last checked?", "Is the hot water system maintained?"));
    }

    private static void people(Household h, List<String> cities, List<LifeFact> facts) {
        String friend = h.name("woman");
        String friendCity = cities.get(1);
        facts.add(of("people", "best-friend", h.pick("My best friend %1$s lives in %2$s and teaches yoga.",
                "%1$s, my best friend, moved to %2$s and teaches yoga there.").formatted(friend, friendCity))
                .asked("Where is my closest mate based?")
                .named(friend, "Which city is " + friend + " in?"));
        String oldFriend = h.name("man");
        facts.add(of("people", "old-friend", "%1$s, my old university friend, is now a %2$s."
                .formatted(oldFriend, h.value("profession")))
                .named(oldFriend, "What did " + oldFriend + " become?"));
    }
}
