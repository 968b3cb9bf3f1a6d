package io.tdeguard.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements of one effect, grouped so that a request looks only at those that can apply to its action.
 * Each statement goes in exactly one of three places:
 * <ol>
 * <li>when its {@code Action} patterns have no wildcard, in the group of each action they name (it can apply
 *     to no other action);</li>
 * <li>else, when every pattern names its service literally before the {@code :}, in the group of each such
 *     service (every action such a pattern matches has that service);</li>
 * <li>else ({@code NotAction}, {@code *}, {@code kv*:...}) in {@link #anyAction}.</li>
 * </ol>
 * A request looks at the group of its action, the group of its service and {@link #anyAction}: it sees
 * every statement that can apply to it, each once. Statements in the group of an action match that action;
 * the others still match the action themselves, the index only skips those that cannot. Each group keeps
 * the order of the entries given, so entries given in set order stay in set order.
 */
final class StatementIndex {

    /** A statement of a policy set, with its reference and its position in the set (for stable ordering). */
    record Entry(Statement statement, StatementRef ref, int ordinal) {
    }

    private static final Entry[] NONE = {};

    private final Map<String, Entry[]> byAction;
    private final Map<String, Entry[]> byService;
    private final Entry[] anyAction;

    StatementIndex(List<Entry> entries) {
        Map<String, List<Entry>> actionGroups = new HashMap<>();
        Map<String, List<Entry>> serviceGroups = new HashMap<>();
        List<Entry> unrestricted = new ArrayList<>();
        for (Entry entry : entries) {
            Set<String> actions = entry.statement().literalActions();
            Set<String> services = entry.statement().services();
            if (actions != null) {
                actions.forEach(action -> actionGroups.computeIfAbsent(action, unused -> new ArrayList<>()).add(entry));
            } else if (services != null) {
                services.forEach(service -> serviceGroups.computeIfAbsent(service, unused -> new ArrayList<>()).add(entry));
            } else {
                unrestricted.add(entry);
            }
        }
        this.byAction = asArrays(actionGroups);
        this.byService = asArrays(serviceGroups);
        this.anyAction = unrestricted.toArray(Entry[]::new);
    }

    private static Map<String, Entry[]> asArrays(Map<String, List<Entry>> groups) {
        Map<String, Entry[]> arrays = new HashMap<>();
        groups.forEach((name, group) -> arrays.put(name, group.toArray(Entry[]::new)));
        return arrays;
    }

    /** Statements whose actions are all literal and include this (folded) action. */
    Entry[] forAction(String foldedAction) {
        Entry[] entries = byAction.get(foldedAction);
        return entries == null ? NONE : entries;
    }

    /** Other statements that name the service (folded, or {@code null} for an action without one) literally. */
    Entry[] forService(String service) {
        Entry[] entries = service == null ? null : byService.get(service);
        return entries == null ? NONE : entries;
    }

    /** Statements that can apply to actions of any service. */
    Entry[] anyAction() {
        return anyAction;
    }
}
