package dev.cairn.testing.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryHit;
import dev.cairn.core.memory.MemoryIndex.Change;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.SearchMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every memory retrieval index must do when searched: never show an item outside the
 * search's tenant, owners and namespace; rank by words, by meaning, or both fused, with each
 * ranking's rank on every hit; show every change to the next search; and take any text a person
 * types as words, never as query syntax.
 */
public abstract class MemoryIndexContract extends MemoryIndexSupport {

    private static final String SEATS = "I prefer a window seat on long flights.";

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void aSearchSeesOnlyItsTenantItsOwnersAndItsNamespace(SearchMode mode) {
        index.apply(upserts(
                memory("alice-default", TENANT, ALICE, "", SEATS),
                memory("alice-travel", TENANT, ALICE, "travel", SEATS),
                memory("bob", TENANT, BOB, "", SEATS),
                memory("agent-alice", TENANT, AGENT_NAMED_ALICE, "", SEATS),
                memory("support", TENANT, SUPPORT_AGENT, "", SEATS),
                memory("tenant-wide", TENANT, WHOLE_TENANT, "", SEATS),
                memory("globex-alice", OTHER_TENANT, ALICE, "", SEATS)), 7);

        assertThat(find(SEATS, only(ALICE), 10, mode)).containsExactlyInAnyOrder("alice-default", "alice-travel");
        assertThat(find(SEATS, new MemoryFilter(TENANT, Set.of(ALICE), ""), 10, mode)).containsExactly("alice-default");
        assertThat(find(SEATS, new MemoryFilter(TENANT, Set.of(ALICE), "travel"), 10, mode)).containsExactly("alice-travel");
        assertThat(find(SEATS, only(ALICE, WHOLE_TENANT), 10, mode))
                .containsExactlyInAnyOrder("alice-default", "alice-travel", "tenant-wide");
        assertThat(find(SEATS, only(AGENT_NAMED_ALICE), 10, mode)).containsExactly("agent-alice");
        assertThat(find(SEATS, only(SUPPORT_AGENT, BOB), 10, mode)).containsExactlyInAnyOrder("support", "bob");
        assertThat(find(SEATS, new MemoryFilter(OTHER_TENANT, Set.of(ALICE), null), 10, mode)).containsExactly("globex-alice");
        assertThat(find(SEATS, only(MemoryOwner.user("carol")), 10, mode)).isEmpty();
        assertThat(find(SEATS, new MemoryFilter(TENANT, Set.of(ALICE), "work"), 10, mode)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = SearchMode.class, names = {"VECTOR", "HYBRID"})
    void anOwnerWithFewItemsGetsTheirBestAmongManyCloserItemsOfOthers(SearchMode mode) {
        List<IndexedMemory> bobs = memories("bob-template-", BOB, List.of(
                "Bob plays the cello in the city orchestra.", "Bob practises the violin every evening.",
                "Bob's son takes piano lessons on Saturdays.", "Bob sings in a choir at church.",
                "Bob collects vinyl records of cello concertos."));
        List<IndexedMemory> many = new ArrayList<>();
        for (int copy = 0; copy < 400; copy++) {
            IndexedMemory template = bobs.get(copy % bobs.size());
            many.add(new IndexedMemory("bob-" + copy, TENANT, BOB, "", template.text(), template.vector()));
        }
        many.addAll(memories("alice-", ALICE, List.of("My daughter plays the cello in a youth orchestra.",
                "I am allergic to peanuts.", "Our car is due for its inspection in May.")));
        index.apply(upserts(many), 1);

        assertThat(find("Who plays a string instrument?", only(ALICE), 3, mode))
                .containsExactlyInAnyOrder("alice-1", "alice-2", "alice-3")
                .first().isEqualTo("alice-1");
    }

    @Test
    void anUpsertReplacesTheItemWithTheSameId() {
        index.apply(upserts(memory("m1", ALICE, "My daughter Lena plays the cello.")), 1);
        index.apply(upserts(memory("m1", ALICE, "I am allergic to peanuts and shellfish.")), 2);

        assertThat(find("cello", only(ALICE), 10, SearchMode.TEXT)).isEmpty();
        assertThat(find("peanuts", only(ALICE), 10, SearchMode.TEXT)).containsExactly("m1");
        assertThat(find("peanuts", only(ALICE), 10, SearchMode.HYBRID)).containsExactly("m1");
        assertThat(index.size()).isEqualTo(1);

        index.apply(upserts(memory("m1", BOB, "I am allergic to peanuts and shellfish.")), 3);

        assertThat(find("peanuts", only(ALICE), 10, SearchMode.HYBRID)).isEmpty();
        assertThat(find("peanuts", only(BOB), 10, SearchMode.HYBRID)).containsExactly("m1");
        assertThat(index.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void aRemovedItemIsNoLongerFoundAndRemovingAnUnknownIdIsHarmless(SearchMode mode) {
        index.apply(upserts(memory("m1", ALICE, SEATS), memory("m2", ALICE, "I prefer aisle seats on short flights.")), 1);

        index.apply(List.of(remove("m1"), remove("never-stored")), 2);

        assertThat(find(SEATS, only(ALICE), 10, mode)).containsExactly("m2");
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void everyChangeIsVisibleToTheNextSearchWithoutACommit() {
        for (int round = 1; round <= 5; round++) {
            String id = "m" + round;
            index.apply(upserts(memory(id, ALICE, "Reminder number " + round + " about the dentist.")), 2L * round - 1);
            assertThat(find("dentist reminder", only(ALICE), 10, SearchMode.HYBRID)).contains(id);

            index.apply(List.of(remove(id)), 2L * round);
            assertThat(find("dentist reminder", only(ALICE), 10, SearchMode.HYBRID)).doesNotContain(id);
        }
    }

    @Test
    void hitsCarryTheRankOfEachRankingTheyComeFrom() {
        index.apply(upserts(memories("m", ALICE, List.of(
                "My daughter Lena plays the cello in a youth orchestra.",
                "Lena's school concert is on Friday evening.",
                "My son takes guitar lessons on Tuesdays.",
                "The orchestra rehearses in the town hall.",
                "I am allergic to peanuts."))), 1);
        String query = "What instrument does Lena play?";
        float[] queryVector = embedder().embed(query);

        List<MemoryHit> hybrid = index.search(query, queryVector, only(ALICE), 5, SearchMode.HYBRID);
        assertThat(hybrid.getFirst().id()).isEqualTo("m1");
        assertThat(hybrid.getFirst().textRank()).isPositive();
        assertThat(hybrid.getFirst().vectorRank()).isPositive();
        assertThat(hybrid).isSortedAccordingTo(Comparator.comparingDouble(MemoryHit::score).reversed());

        List<MemoryHit> byText = index.search(query, null, only(ALICE), 5, SearchMode.TEXT);
        assertThat(byText).extracting(MemoryHit::textRank).containsExactlyElementsOf(ranks(byText.size()));
        assertThat(byText).extracting(MemoryHit::vectorRank).containsOnly(0);
        assertThat(byText).extracting(MemoryHit::id).containsExactlyInAnyOrder("m1", "m2");
        assertThat(byText).isSortedAccordingTo(Comparator.comparingDouble(MemoryHit::score).reversed());

        List<MemoryHit> byVector = index.search(query, queryVector, only(ALICE), 5, SearchMode.VECTOR);
        assertThat(byVector).extracting(MemoryHit::vectorRank).containsExactlyElementsOf(ranks(5));
        assertThat(byVector).extracting(MemoryHit::textRank).containsOnly(0);
        assertThat(byVector).isSortedAccordingTo(Comparator.comparingDouble(MemoryHit::score).reversed());
        float[] first = embedder().embed("My daughter Lena plays the cello in a youth orchestra.");
        double cosine = IntStream.range(0, first.length).mapToDouble(i -> (double) first[i] * queryVector[i]).sum();
        assertThat(byVector.getFirst().id()).isEqualTo("m1");
        assertThat(byVector.getFirst().score()).isCloseTo(cosine, within(1e-4));

        // a fused search may leave weak word matches out, but the ones it counts keep their order
        List<MemoryHit> countedWords = hybrid.stream().filter(hit -> hit.textRank() > 0)
                .sorted(Comparator.comparingInt(MemoryHit::textRank)).toList();
        assertThat(ids(byText)).containsSubsequence(ids(countedWords));
        assertThat(countedWords).extracting(MemoryHit::textRank).doesNotHaveDuplicates();
    }

    private static List<Integer> ranks(int count) {
        return IntStream.rangeClosed(1, count).boxed().toList();
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void aSearchReturnsNoMoreHitsThanItsLimit(SearchMode mode) {
        List<String> texts = IntStream.rangeClosed(1, 30).mapToObj(n -> "Meeting note " + n + " about the budget review.").toList();
        index.apply(upserts(memories("m", ALICE, texts)), 1);

        assertThat(find("budget meeting", only(ALICE), 5, mode)).hasSize(5).doesNotHaveDuplicates();
        assertThat(find("budget meeting", only(ALICE), 100, mode)).hasSize(30).doesNotHaveDuplicates();
        assertThat(find("budget meeting", only(ALICE), 1, mode)).hasSize(1);
    }

    @Test
    void withoutASearchableWordAHybridSearchRanksByMeaningAlone() {
        index.apply(upserts(memories("m", ALICE, List.of("My daughter Lena plays the cello.", "I am allergic to peanuts."))), 1);
        float[] aboutMusic = embedder().embed("music lessons for children");

        for (String wordless : new String[] {"", "   ", "the of and to", "?!..."}) {
            List<MemoryHit> hits = index.search(wordless, aboutMusic, only(ALICE), 5, SearchMode.HYBRID);
            assertThat(hits).extracting(MemoryHit::id).containsExactly("m1", "m2");
            assertThat(hits).extracting(MemoryHit::textRank).containsOnly(0);
            assertThat(index.search(wordless, aboutMusic, only(ALICE), 5, SearchMode.TEXT)).isEmpty();
        }
        assertThat(ids(index.search(null, aboutMusic, only(ALICE), 5, SearchMode.HYBRID))).containsExactly("m1", "m2");
    }

    @ParameterizedTest
    @EnumSource(SearchMode.class)
    void queryTextIsAlwaysWordsNeverQuerySyntax(SearchMode mode) {
        index.apply(upserts(memory("m1", ALICE, "My daughter Lena plays the cello."),
                memory("m2", ALICE, "Order ZX-4471 arrived damaged.")), 1);

        for (String text : List.of("\"cello", "text:cello", "cell*", "(lena", "lena AND OR NOT", "\\", "cello~2 ^3",
                "[a TO b] {x}", "/regex/ ? !", "&& || -cello +lena", "ZX-4471", "id:m2", "*:*", "")) {
            assertThat(search(text, only(ALICE), 5, mode)).as(text).allSatisfy(hit -> assertThat(hit.id()).isIn("m1", "m2"));
        }
        assertThat(find("\"cello\"", only(ALICE), 5, SearchMode.TEXT)).containsExactly("m1");
        assertThat(find("(cello*)", only(ALICE), 5, SearchMode.TEXT)).containsExactly("m1");
        assertThat(find("ZX-4471?", only(ALICE), 5, SearchMode.TEXT)).containsExactly("m2");
        assertThat(find("*:*", only(ALICE), 5, SearchMode.TEXT)).isEmpty();
    }

    @Test
    void theSameSearchGivesTheSameAnswer() {
        List<String> texts = IntStream.rangeClosed(1, 20).mapToObj(n -> "Travel plan " + n + ": a trip to a city by train.").toList();
        index.apply(upserts(memories("m", ALICE, texts)), 1);

        for (SearchMode mode : SearchMode.values()) {
            assertThat(search("train trip", only(ALICE), 10, mode)).isEqualTo(search("train trip", only(ALICE), 10, mode));
        }
    }

    @Test
    void badArgumentsAreRefusedAndChangeNothing() {
        index.apply(upserts(memory("m1", ALICE, SEATS)), 4);
        int dimensions = embedder().dimensions();
        float[] tooShort = new float[dimensions - 1];
        tooShort[0] = 1;
        float[] tooLong = new float[dimensions];
        tooLong[0] = 2;

        assertThatThrownBy(() -> index.apply(List.of(remove("m1"),
                new Change.Upsert(new IndexedMemory("m2", TENANT, ALICE, "", "x", tooShort))), 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m2");
        assertThatThrownBy(() -> index.apply(upserts(new IndexedMemory("m3", TENANT, ALICE, "", "x", tooLong)), 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
        assertThat(find(SEATS, only(ALICE), 5, SearchMode.HYBRID)).containsExactly("m1");
        assertThat(index.appliedThrough()).isEqualTo(4);

        assertThatThrownBy(() -> index.search(SEATS, null, only(ALICE), 5, SearchMode.VECTOR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.search(SEATS, null, only(ALICE), 5, SearchMode.HYBRID))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.search(SEATS, tooShort, only(ALICE), 5, SearchMode.VECTOR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> search(SEATS, only(ALICE), 0, SearchMode.TEXT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.apply(upserts(memory("m4", ALICE, SEATS)), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
        assertThat(index.size()).isEqualTo(1);
    }
}
