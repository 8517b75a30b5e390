package dev.cairn.testing.memory;

import static dev.cairn.testing.memory.LifeFact.of;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated person's purchases, papers, trips and cars: several orders with codes in the same
 * words, numbers of cards and policies, bookings and past journeys, the car of today and of
 * before. Most of these carry a code or a name a person would repeat when asking.
 * Stateless; the household passed in is not shared between threads.
 */
final class BelongingsFacts {

    private BelongingsFacts() {
    }

    static List<LifeFact> facts(Household h, List<String> cities) {
        List<LifeFact> facts = new ArrayList<>();
        orders(h, facts);
        papers(h, facts);
        travel(h, cities, facts);
        car(h, facts);
        return facts;
    }

    private static void orders(Household h, List<LifeFact> facts) {
        String damaged = h.value("order");
        facts.add(of("shopping", "order-damaged", h.pick("Order %1$s, a %2$s, arrived with a cracked casing.",
                "The %2$s from order %1$s came with its casing cracked.").formatted(damaged, h.value("item")))
                .asked("Which purchase turned up broken?")
                .named(damaged, "What went wrong with " + damaged + "?"));
        String refunded = h.value("order");
        facts.add(of("shopping", "order-refund", h.pick("I returned order %1$s (the %2$s) and am waiting for the refund.",
                "Order %1$s, a %2$s, was returned to the shop; the refund is still pending.").formatted(refunded, h.value("item")))
                .asked("Am I owed money for something I sent back?")
                .named(refunded, "Did I get my money back for " + refunded + "?"));
        String stuck = h.value("order");
        facts.add(of("shopping", "order-customs", "Order %1$s, a %2$s, is stuck in customs.".formatted(stuck, h.value("item")))
                .asked("Which parcel is being held at the border?")
                .named(stuck, "Where is " + stuck + " now?"));
        for (int delivery = h.number(3, 5); delivery > 0; delivery--) {
            String order = h.value("order");
            facts.add(of("shopping", "delivered-" + order, h.pick("Order %1$s, a %2$s, was delivered on %3$s.",
                    "The %2$s of order %1$s came on %3$s.").formatted(order, h.value("item"), h.date()))
                    .named(order, h.pick("When did %1$s arrive?", "What was in %1$s?").formatted(order)));
        }
        for (int ticket = h.number(2, 3); ticket > 0; ticket--) {
            String number = h.value("ticket");
            facts.add(of("shopping", "ticket-" + number, h.pick("Support ticket %1$s about the %2$s is waiting for a technician.",
                    "Ticket %1$s: a technician will repair the %2$s on %3$s.").formatted(number, h.value("appliance"), h.date()))
                    .named(number, h.pick("What is %1$s about?", "What's the status of %1$s?").formatted(number)));
        }
    }

    private static void papers(Household h, List<LifeFact> facts) {
        String serial = h.value("serial");
        facts.add(of("shopping", "warranty", "The warranty on our %1$s, serial number %2$s, runs until %3$d."
                .formatted(h.value("appliance"), serial, h.year(2026, 2030)))
                .asked("Until when is the household appliance covered?")
                .named(serial, "Which device is " + serial + "?"));
        String insurer = h.value("insurer");
        String policy = h.value("policy");
        facts.add(of("shopping", "insurance", "Our home insurance with %1$s has policy number %2$s.".formatted(insurer, policy))
                .asked("Who covers the house against damage?")
                .named(policy, "What is " + policy + " for?")
                .named(insurer, "What do we have with " + insurer + "?"));
        String card = h.value("card");
        facts.add(of("shopping", "library-card", "My library card number is %1$s.".formatted(card))
                .asked("What is my ID for borrowing books?")
                .named(card, "Whose is " + card + "?"));
        String streaming = h.value("streaming");
        facts.add(of("shopping", "subscription", "I pay for %1$s, which renews on the %2$dth of each month."
                .formatted(streaming, h.number(4, 28)))
                .asked("Which membership bills me monthly?")
                .named(streaming, "When is " + streaming + " charged?"));
    }

    private static void travel(Household h, List<String> cities, List<LifeFact> facts) {
        String booking = h.value("booking");
        String destination = cities.get(7);
        facts.add(of("travel", "flight", h.pick("Booking %1$s: our flight to %2$s with %3$s leaves on %4$s.",
                "We fly %3$s to %2$s on %4$s, booking reference %1$s.").formatted(booking, destination, h.value("airline"), h.date()))
                .asked("When is our next trip by plane?")
                .named(booking, "What is " + booking + "?")
                .named(destination, "When am I travelling to " + destination + "?"));
        String honeymoon = cities.get(3);
        facts.add(of("travel", "honeymoon", "We spent our honeymoon in %1$s in %2$d.".formatted(honeymoon, h.year(2005, 2016)))
                .asked("Where did we go right after the wedding?")
                .named(honeymoon, "What trip did we take to " + honeymoon + "?"));
        String conference = cities.get(8);
        String hotel = h.value("hotel");
        facts.add(of("travel", "hotel", "For the conference in %1$s I booked the %2$s hotel.".formatted(conference, hotel))
                .asked("Where am I staying for the work event?")
                .named(conference, "Where will I sleep in " + conference + "?"));
        String airline = h.value("airline");
        String flyer = h.value("flyer");
        facts.add(of("travel", "frequent-flyer", "My %1$s frequent flyer number is %2$s.".formatted(airline, flyer))
                .asked("What's my airline loyalty membership?")
                .named(airline, "What account do I have with " + airline + "?"));
        facts.add(of("travel", "passport", "My passport expires in %1$s %2$d.".formatted(h.any("month"), h.year(2026, 2033)))
                .asked("When does my travel document run out?"));
        String hike = cities.get(5);
        facts.add(of("travel", "hiking", "Last spring I hiked in the mountains above %1$s.".formatted(hike))
                .asked("Where did I go walking in the hills?")
                .named(hike, "What did I do outside " + hike + "?"));
    }

    private static void car(Household h, List<LifeFact> facts) {
        String plate = h.value("plate");
        facts.add(of("car", "car-current", h.pick("I drive a %1$s %2$s, registration %3$s.",
                "My car is a %1$s %2$s with the number plate %3$s.").formatted(h.value("colour"), h.value("carbrand"), plate))
                .asked("What vehicle do I own now?")
                .named(plate, "Whose vehicle is " + plate + "?"));
        String previous = h.value("carbrand");
        facts.add(of("car", "car-previous", "Before that I had an old %1$s that I sold in %2$d.".formatted(previous, h.year(2015, 2022)))
                .asked("Which automobile did I get rid of?")
                .named(previous, "When did I part with the " + previous + "?"));
        facts.add(of("car", "partner-car", "%1$s drives a %2$s %3$s.".formatted(h.partner.name(), h.value("colour"), h.value("carbrand")))
                .asked("What does my spouse get around in?")
                .named(h.partner.name(), "What vehicle does " + h.partner.name() + " use?"));
        facts.add(of("car", "car-inspection", "The car is due for its inspection in %1$s.".formatted(h.any("month")))
                .asked("When must the automobile be checked by the garage?"));
        facts.add(of("car", "parking", "I rent a parking space behind the supermarket.")
                .asked("Where do I leave the vehicle overnight?"));
    }
}
