package io.tdeguard.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements of one effect, grouped so that a request looks only at those that can apply to its action's
 * service. A statement goes in the group of each service its {@code Action} patterns name literally before
 * the {@code :} (every action such a pattern matches has that service); a statement that could match any
 * service ({@code NotAction}, {@code *}, {@code kv*:...}) goes in {@link #anyService}, which every request
 * checks. So a request sees every statement that can apply to it, each once.
 */
final class StatementIndex {

    /** A statement of a policy set, with its reference and its position in the set (for stable ordering). */
    record Entry(Statement statement, StatementRef ref, int ordinal) {
    }

    private static final Entry[] NONE = {};

    private final Map<String, Entry[]> byService;
    private final Entry[] anyService;

    StatementIndex(List<Entry> entries) {
        Map<String, List<Entry>> groups = new HashMap<>();
        List<Entry> unrestricted = new ArrayList<>();
        for (Entry entry : entries) {
            Set<String> services = entry.statement().services();
            if (services == null) {
                unrestricted.add(entry);
            } else {
                for (String service : services) {
                    groups.computeIfAbsent(service, unused -> new ArrayList<>()).add(entry);
                }
            }
        }
        Map<String, Entry[]> byService = new HashMap<>();
        groups.forEach((service, group) -> byService.put(service, group.toArray(Entry[]::new)));
        this.byService = byService;
        this.anyService = unrestricted.toArray(Entry[]::new);
    }

    /** Statements that name the service (folded, or {@code null} for an action without one) literally. */
    Entry[] forService(String service) {
        Entry[] entries = service == null ? null : byService.get(service);
        return entries == null ? NONE : entries;
    }

    /** Statements that can apply to actions of any service. */
    Entry[] anyService() {
        return anyService;
    }
}
