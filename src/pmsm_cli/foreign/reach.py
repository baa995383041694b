"""What leads to what in a directed graph, answered by a bit test.

Placement asks it thousands of times (does this new link close a loop, which of
these anchors comes last), so every node keeps the set of nodes that lead to it.
"""

from __future__ import annotations

from collections.abc import Sequence


class Reach:
    """What leads to what in a directed graph (of task ids, or of their starts and finishes).

    Every node knows all the nodes that lead to it, as a bit set (an int, one
    bit per node): a question is one bit test instead of a walk through the
    graph, which made placing a hundred activities among thousands of tasks
    take minutes. The sets are made in one pass once the plan's own links are
    in (components first, so a loop in the PM's links is no trouble), then
    kept up to date link by link: a new link adds what leads to its start to
    its end and to what follows it, and stops where that is known already.
    Memory is a bit per pair of nodes that lead one to the other.
    """

    def __init__(self) -> None:
        self.next: dict[str, set[str]] = {}
        self._number: dict[str, int] = {}  # node -> its bit
        self._before: list[int] | None = None  # bit number -> the nodes that lead to it

    def link(self, before: str, after: str) -> None:
        following = self.next.setdefault(before, set())
        if after in following:
            return
        following.add(after)
        self.next.setdefault(after, set())
        if self._before is not None:
            self._added(before, after)

    def reaches(self, start: str, goal: str) -> bool:
        """Whether a path leads from ``start`` to ``goal`` (a node reaches itself)."""
        if start == goal:
            return True
        number = self._numbers()
        found, target = number.get(start), number.get(goal)
        if found is None or target is None:
            return False
        return bool(self._leading()[target] >> found & 1)

    def reaching_others(self, nodes: Sequence[str]) -> set[str]:
        """Those of ``nodes`` from which a path leads to another of them."""
        number, before = self._numbers(), self._leading()
        bits = {node: 1 << number[node] for node in nodes if node in number}
        among = 0
        for bit in bits.values():
            among |= bit
        leading = 0
        for node, bit in bits.items():
            leading |= before[number[node]] & among & ~bit
        return {node for node, bit in bits.items() if leading & bit}

    def reached_from_others(self, nodes: Sequence[str]) -> set[str]:
        """Those of ``nodes`` to which a path leads from another of them."""
        number, before = self._numbers(), self._leading()
        bits = {node: 1 << number[node] for node in nodes if node in number}
        among = 0
        for bit in bits.values():
            among |= bit
        return {node for node, bit in bits.items() if before[number[node]] & among & ~bit}

    def _numbers(self) -> dict[str, int]:
        self._leading()
        return self._number

    def _leading(self) -> list[int]:
        if self._before is None:
            self._before = self._build()
        return self._before

    def _build(self) -> list[int]:
        """What leads to each node, from its strongly connected components in topological
        order (Kosaraju's second pass finds them in that order)."""
        number = self._number
        for node in self.next:
            number.setdefault(node, len(number))
        nodes = list(number)
        previous: dict[str, list[str]] = {node: [] for node in nodes}
        for node, following in self.next.items():
            for after in following:
                previous[after].append(node)
        finished: list[str] = []  # first pass: nodes in the order their walk finishes
        visited: set[str] = set()
        for root in nodes:
            if root in visited:
                continue
            visited.add(root)
            stack = [(root, iter(self.next[root]))]
            while stack:
                node, rest = stack[-1]
                for after in rest:
                    if after not in visited:
                        visited.add(after)
                        stack.append((after, iter(self.next[after])))
                        break
                else:
                    stack.pop()
                    finished.append(node)
        before = [0] * len(nodes)
        component: dict[str, int] = {}
        for root in reversed(finished):
            if root in component:
                continue
            members = [root]
            component[root] = len(component)
            mark = component[root]
            for node in members:  # grows as the walk back finds more
                for earlier in previous[node]:
                    if earlier not in component:
                        component[earlier] = mark
                        members.append(earlier)
            leading = 0
            looped = len(members) > 1
            for node in members:
                for earlier in previous[node]:
                    if component[earlier] != mark:
                        leading |= before[number[earlier]] | 1 << number[earlier]
                    else:
                        looped = True
            if looped:  # in a loop, each member leads to every member
                for node in members:
                    leading |= 1 << number[node]
            for node in members:
                before[number[node]] = leading
        return before

    def _added(self, before: str, after: str) -> None:
        """Keep the sets right after a link from ``before`` to ``after``."""
        assert self._before is not None
        number, leading = self._number, self._before
        for node in (before, after):
            if node not in number:
                number[node] = len(number)
                leading.append(0)
        gained = leading[number[before]] | 1 << number[before]
        stack = [after]
        while stack:
            node = stack.pop()
            known = leading[number[node]]
            if known | gained == known:
                continue  # it and all that follows it knew already
            leading[number[node]] = known | gained
            stack.extend(self.next[node])
