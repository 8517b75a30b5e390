package dev.cairn.documents;

import java.util.List;

/**
 * What a refresh of a folder collection did, by document name.
 *
 * @param added     files new to the collection
 * @param replaced  files whose content changed
 * @param unchanged files whose content did not change (not read again beyond their hash)
 * @param removed   documents whose file is gone
 * @param failed    files that could not be taken in, each with why (stored as failed documents)
 */
public record RefreshReport(List<String> added, List<String> replaced, List<String> unchanged, List<String> removed,
                            List<String> failed) {

    public RefreshReport {
        added = List.copyOf(added);
        replaced = List.copyOf(replaced);
        unchanged = List.copyOf(unchanged);
        removed = List.copyOf(removed);
        failed = List.copyOf(failed);
    }
}
