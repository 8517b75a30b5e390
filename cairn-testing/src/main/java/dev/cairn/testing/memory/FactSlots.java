package dev.cairn.testing.memory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values that fill a {@link FactKind}'s placeholders: common words from fixed lists, and rare
 * entities (order codes, booking references, number plates) made up from the seeded random
 * source, so the same seed always gives the same values.
 */
final class FactSlots {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LETTERS_AND_DIGITS = LETTERS + "23456789";

    private static final Map<String, List<String>> WORDS = Map.ofEntries(
            Map.entry("girl", List.of("Lena", "Mia", "Sofia", "Emma", "Hannah", "Zoe", "Clara", "Ida", "Maya", "Nora",
                    "Amara", "Leila", "Freya", "Ines", "Yara", "Talia")),
            Map.entry("boy", List.of("Max", "Leo", "Noah", "Felix", "Theo", "Oscar", "Jonas", "Elias", "Omar", "Luca",
                    "Kian", "Mateo", "Ravi", "Tobias", "Finn", "Aaron")),
            Map.entry("woman", List.of("Anna", "Julia", "Sarah", "Laura", "Priya", "Fatima", "Elena", "Grace", "Marta", "Chloe")),
            Map.entry("man", List.of("David", "Daniel", "Marco", "Ahmed", "Lukas", "Pedro", "Samuel", "Ivan", "Kenji", "Tom")),
            Map.entry("surname", List.of("Okafor", "Szymanski", "Lindqvist", "Moreau", "Haddad", "Nakamura", "Castellanos",
                    "Oyelaran", "Brennan", "Vasquez", "Kowalczyk", "Abernathy", "Tanaka", "Ferreira", "Iqbal", "Novak",
                    "Delacroix", "Mbeki", "Halvorsen", "Papadopoulos", "Quintero", "Rasmussen", "Whitfield", "Zielinski",
                    "Achterberg", "Bellweather", "Cardoso", "Dunleavy", "Espinoza", "Fairbairn", "Gallagher", "Hoffmann",
                    "Ivanova", "Jablonski", "Kettering", "Lachance", "Montgomery", "Nwachukwu", "Ostrowski", "Pellegrini",
                    "Rautenbach", "Sandoval", "Thorvaldsen", "Uchida", "Valtonen", "Wojcik", "Yilmaz", "Zambrano",
                    "Ashworth", "Bouchard", "Cavanagh", "Drummond", "Eriksen", "Fitzgerald", "Grimaldi", "Hartmann",
                    "Ilunga", "Jovanovic", "Kowalski", "Lindgren", "Marchetti", "Nakashima", "Oduya", "Petrakis")),
            Map.entry("instrument", List.of("cello", "violin", "clarinet", "flute", "trumpet", "oboe", "harp", "viola")),
            Map.entry("sport", List.of("football", "hockey", "basketball", "rugby", "handball", "volleyball")),
            Map.entry("profession", List.of("nurse", "pharmacist", "architect", "accountant", "electrician", "teacher",
                    "software developer", "paramedic", "lawyer", "dentist")),
            Map.entry("city", List.of("Lisbon", "Krakow", "Toronto", "Osaka", "Nairobi", "Valencia", "Edinburgh", "Porto",
                    "Hamburg", "Montreal", "Seville", "Bergen", "Ljubljana", "Tbilisi", "Cork", "Lyon")),
            Map.entry("month", List.of("January", "February", "March", "April", "May", "June", "July", "August",
                    "September", "October", "November", "December")),
            Map.entry("weekday", List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")),
            Map.entry("pet", List.of("dog", "cat", "rabbit", "parrot", "tortoise", "ferret")),
            Map.entry("petname", List.of("Biscuit", "Pepper", "Mochi", "Rufus", "Luna", "Ziggy", "Nala", "Waffles",
                    "Pickles", "Juniper", "Clementine", "Bramble")),
            Map.entry("allergen", List.of("peanuts", "shellfish", "sesame", "walnuts", "kiwi", "celery", "mustard")),
            Map.entry("drug", List.of("ramipril", "amlodipine", "lisinopril", "losartan", "bisoprolol")),
            Map.entry("airline", List.of("Lufthansa", "KLM", "Iberia", "Finnair", "Aer Lingus", "TAP")),
            Map.entry("laptop", List.of("ThinkPad", "MacBook", "Dell XPS", "HP EliteBook", "Surface Laptop")),
            Map.entry("colour", List.of("red", "silver", "dark blue", "white", "green", "black")),
            Map.entry("carbrand", List.of("Volvo", "Skoda", "Toyota", "Peugeot", "Subaru", "Kia")),
            Map.entry("author", List.of("Ishiguro", "Atwood", "Murakami", "Ferrante", "Tolstoy", "Le Guin", "Achebe")),
            Map.entry("genre", List.of("jazz", "bossa nova", "old soul records", "Baroque music", "reggae", "bluegrass")),
            Map.entry("language", List.of("Portuguese", "Japanese", "Italian", "Swahili", "Polish", "Korean", "Greek")),
            Map.entry("team", List.of("Celtic", "Benfica", "Ajax", "Napoli", "Galatasaray", "Boca Juniors")),
            Map.entry("codename", List.of("Kestrel", "Quokka", "Marzipan", "Obsidian", "Halyard", "Tamarind", "Periwinkle",
                    "Sextant", "Gossamer", "Juniper Ridge", "Basalt", "Whirligig", "Cormorant", "Lodestar")),
            Map.entry("streaming", List.of("Netflix", "Spotify", "Disney+", "Audible", "YouTube Premium")),
            Map.entry("time", List.of("9:15", "9:30", "10:00", "8:45", "11:00")),
            Map.entry("floor", List.of("third", "fourth", "fifth", "sixth")),
            Map.entry("age", List.of("seventy", "sixty-five", "eighty", "seventy-five")),
            Map.entry("employer", List.of("Brightwell", "Zentrix", "Corvanta", "Lumora", "Stratavia", "Nordhaven",
                    "Quillon", "Veltrane", "Ardency", "Kobaltis", "Marrowby", "Solvique", "Tesselink", "Pyrmont",
                    "Gravenor", "Halcyra", "Ostrava Freight", "Wexley")),
            Map.entry("street", List.of("Kastanienallee", "Rua das Flores", "Via Garibaldi", "Vesterbrogade",
                    "Rue Mouffetard", "Lindengracht", "Carrer de Verdi", "Bergstrasse", "Nevsky Prospekt", "Ponsonby Road",
                    "Calle Mayor", "Stortorget", "Prinsengracht", "Dlouha")),
            Map.entry("item", List.of("desk lamp", "tablet", "coffee grinder", "pair of hiking boots", "blender",
                    "computer monitor", "rucksack", "electric kettle", "office chair", "toaster", "bike helmet", "phone case",
                    "yoga mat", "board game", "printer cartridge", "set of pans", "garden hose", "winter coat")),
            Map.entry("appliance", List.of("washing machine", "dishwasher", "fridge", "oven", "tumble dryer")),
            Map.entry("insurer", List.of("Allianz", "Aviva", "Zurich", "AXA", "Generali", "Mapfre")),
            Map.entry("dish", List.of("green curry", "paella", "ramen", "moussaka", "pierogi", "tagine", "risotto")),
            Map.entry("dislike", List.of("coriander", "olives", "blue cheese", "anchovies", "liquorice", "mushrooms",
                    "aubergine")),
            Map.entry("band", List.of("Arctic Monkeys", "BTS", "Coldplay", "Tame Impala", "Wet Leg", "Fontaines",
                    "Khruangbin")),
            Map.entry("hotel", List.of("Aurelia", "Marlowe", "Belvedere", "Cavendish", "Ostermalm", "Solano")),
            Map.entry("school", List.of("Hillcrest", "Oakfield", "St. Brigid's", "Larchwood", "Riverside Montessori",
                    "Greenacre")),
            Map.entry("surgery", List.of("appendix removed", "knee ligament repaired", "gallbladder taken out",
                    "tonsils removed")));

    private final Random random;

    FactSlots(Random random) {
        this.random = random;
    }

    /** The fixed words {@code slot} is filled from. */
    static List<String> words(String slot) {
        List<String> words = WORDS.get(slot);
        if (words == null) {
            throw new IllegalArgumentException("no words for the placeholder {" + slot + "}");
        }
        return words;
    }

    /** Values for every placeholder of {@code templates}, the same placeholder getting the same value. */
    Map<String, String> valuesFor(List<String> templates) {
        Map<String, String> values = new HashMap<>();
        for (String template : templates) {
            Matcher matcher = PLACEHOLDER.matcher(template);
            while (matcher.find()) {
                values.computeIfAbsent(matcher.group(1), this::value);
            }
        }
        return values;
    }

    static String fill(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for {" + matcher.group(1) + "} in: " + template);
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(filled).toString();
    }

    /** A value for {@code slot}: a made-up code, or one of the slot's words. */
    String value(String slot) {
        return switch (slot) {
            case "order" -> letters(2) + "-" + (1000 + random.nextInt(9000));
            case "booking" -> code(6);
            case "plate" -> letters(2) + (10 + random.nextInt(90)) + " " + letters(3);
            case "flyer" -> letters(2) + (100000 + random.nextInt(900000));
            case "ticket" -> "INC-" + (20000 + random.nextInt(80000));
            case "serial" -> "SN" + code(8);
            case "policy" -> letters(3) + "-" + (100000 + random.nextInt(900000));
            case "card" -> String.valueOf(20_000_000 + random.nextInt(70_000_000));
            case "day" -> String.valueOf(1 + random.nextInt(28));
            default -> {
                List<String> words = WORDS.get(slot);
                if (words == null) {
                    throw new IllegalArgumentException("no values for the placeholder {" + slot + "}");
                }
                yield words.get(random.nextInt(words.size()));
            }
        };
    }

    private String letters(int count) {
        return pick(LETTERS, count);
    }

    private String code(int count) {
        return pick(LETTERS_AND_DIGITS, count);
    }

    private String pick(String alphabet, int count) {
        StringBuilder code = new StringBuilder(count);
        for (int index = 0; index < count; index++) {
            code.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return code.toString();
    }
}
