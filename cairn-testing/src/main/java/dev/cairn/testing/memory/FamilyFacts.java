package dev.cairn.testing.memory;

import static dev.cairn.testing.memory.LifeFact.of;

import dev.cairn.testing.memory.Household.Relative;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated person's family, pets and health: a birthday for every relative worded alike, the
 * pets of their childhood, of today and of their parents, and the doctors, allergies and
 * treatments of themselves and the people they live with.
 * Stateless; the household passed in is not shared between threads.
 */
final class FamilyFacts {

    private FamilyFacts() {
    }

    static List<LifeFact> facts(Household h) {
        List<LifeFact> facts = new ArrayList<>();
        family(h, facts);
        pets(h, facts);
        health(h, facts);
        return facts;
    }

    private static void family(Household h, List<LifeFact> facts) {
        facts.add(birthday(h, h.mother, "mother").asked("When should I plan mum's party?"));
        facts.add(birthday(h, h.father, "father").asked("What date is dad's big day each year?"));
        facts.add(birthday(h, h.partner, h.partner.spouse()).asked("When does my spouse turn a year older?"));
        for (Relative child : h.children) {
            facts.add(birthday(h, child, child.child()));
        }
        for (Relative sibling : h.siblings) {
            facts.add(birthday(h, sibling, sibling.sibling()));
        }
        Relative partner = h.partner;
        facts.add(of("family", "wedding", h.pick("%1$s and I got married on %2$s, %3$d.", "I married %1$s on %2$s, %3$d.")
                .formatted(partner.name(), h.date(), h.year(2005, 2016)))
                .asked("When is our anniversary?")
                .named(partner.name(), "When did " + partner.name() + " and I tie the knot?"));
        for (Relative child : h.children) {
            facts.add(of("family", "school-" + child.name(), "%1$s goes to %2$s primary school.".formatted(child.name(),
                    h.value("school")))
                    .named(child.name(), "Where is " + child.name() + " educated?"));
        }
    }

    private static LifeFact birthday(Household h, Relative relative, String role) {
        return of("family", "birthday-" + relative.name(), h.pick("My %1$s %2$s's birthday is on %3$s.",
                "%2$s, my %1$s, was born on %3$s.").formatted(role, relative.name(), h.date()))
                .named(relative.name(), "When does " + relative.name() + " turn a year older?");
    }

    private static void pets(Household h, List<LifeFact> facts) {
        String firstName = h.value("petname");
        String firstPet = h.value("pet");
        facts.add(of("pets", "childhood-pet", "As a child I had a %1$s called %2$s.".formatted(firstPet, firstName))
                .asked("Which animal did I own when I was little?")
                .named(firstName, "What kind of creature was " + firstName + "?"));
        String lateName = h.value("petname");
        facts.add(of("pets", "late-pet", h.pick("Our %1$s %2$s died in %3$d, aged %4$d.",
                "We lost our old %1$s %2$s in %3$d; %4$d years old.").formatted(h.value("pet"), lateName, h.year(2015, 2022),
                h.number(9, 16)))
                .asked("Which of our animals passed away?")
                .named(lateName, "When did " + lateName + " pass away?"));
        String name = h.value("petname");
        String pet = h.value("pet");
        facts.add(of("pets", "current-pet", h.pick("We adopted a %1$s named %2$s from the shelter in %3$d.",
                "%2$s, our %1$s, came from the rescue shelter in %3$d.").formatted(pet, name, h.year(2019, 2024)))
                .asked("Where does the animal we have now come from?")
                .named(name, "Where did we get " + name + "?"));
        String vet = "Dr. " + h.value("surname");
        facts.add(of("pets", "vet", "%1$s's vet is %2$s at the clinic on %3$s.".formatted(name, vet, h.value("street")))
                .asked("Who treats our animal when it is ill?")
                .named(vet, "What does " + vet + " do for us?"));
        facts.add(of("pets", "pet-medicine", "%1$s needs a heart tablet every morning with breakfast.".formatted(name))
                .asked("Which medication does our furry friend get?")
                .named(name, "What treatment is " + name + " on?"));
        String parentsPet = h.value("petname");
        facts.add(of("pets", "parents-pet", "My parents keep a %1$s called %2$s.".formatted(h.value("pet"), parentsPet))
                .asked("What animal do mum and dad have?")
                .named(parentsPet, "What sort of animal is " + parentsPet + "?"));
    }

    private static void health(Household h, List<LifeFact> facts) {
        facts.add(of("health", "allergy", h.pick("I am allergic to %1$s.", "Eating %1$s gives me a severe reaction.")
                .formatted(h.value("allergen")))
                .asked("Which foods must I avoid?", "What can't I have at a restaurant?"));
        Relative child = h.children.get(0);
        facts.add(of("health", "child-allergy", "%1$s is allergic to %2$s.".formatted(child.name(), h.value("allergen")))
                .named(child.name(), "What must " + child.name() + " never be given?"));
        String drug = h.value("drug");
        facts.add(of("health", "blood-pressure", h.pick("I take %1$s for my blood pressure every evening.",
                "My doctor prescribed %1$s to keep my blood pressure down.").formatted(drug))
                .asked("What pills am I on for hypertension?")
                .named(drug, "Why am I on " + drug + "?"));
        String doctor = "Dr. " + h.value("surname");
        facts.add(of("health", "family-doctor", "Our family doctor is %1$s at the %2$s practice."
                .formatted(doctor, h.value("street")))
                .asked("Who is our GP?")
                .named(doctor, "Is " + doctor + " our general practitioner?"));
        String specialist = "Dr. " + h.value("surname");
        facts.add(of("health", "specialist", h.pick("My appointment with %1$s about my knee is on %2$s.",
                "I see the knee specialist, %1$s, on %2$s.").formatted(specialist, h.date()))
                .asked("When is the orthopaedic check-up?")
                .named(specialist, "When am I due at " + specialist + "?"));
        String dentist = "Dr. " + h.value("surname");
        facts.add(of("health", "dentist", "The dentist, %1$s, wants me back for a filling in %2$s."
                .formatted(dentist, h.any("month")))
                .asked("When is my next visit for my teeth?")
                .named(dentist, "When is " + dentist + " expecting me?"));
        Relative partner = h.partner;
        facts.add(of("health", "partner-surgery", "%1$s had %2$s %3$s in %4$d."
                .formatted(partner.name(), partner.pronoun(), h.value("surgery"), h.year(2010, 2023)))
                .asked("What operation did my spouse go through?")
                .named(partner.name(), "Which procedure has " + partner.name() + " undergone?"));
        facts.add(of("health", "running", "I go running along the river three mornings a week.")
                .asked("How often do I jog?", "What's my usual exercise routine?"));
    }
}
