"""A report's topic: the concept of the topic scheme whose cue terms its text uses most.

The scheme (ontology/topics.ttl) is vocabulary, not report facts: each concept lists cue
terms as skos:hiddenLabel. Title hits weigh three times body hits. All cues are matched
in one pass of one pattern (an alternation with a group per concept).
"""

import re
from collections import Counter
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ontology import TOPICS_FILE


@cache
def _matchers() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """(case-insensitive pattern, case-sensitive pattern for acronyms, cue -> topic label)."""
    graph = Graph().parse(TOPICS_FILE, format="turtle")
    topic_of: dict[str, str] = {}
    for concept in sorted(c for c in graph.subjects(SKOS.prefLabel, None) if isinstance(c, URIRef)):
        label = next(
            str(x)
            for x in graph.objects(concept, SKOS.prefLabel)
            if isinstance(x, Literal) and x.language == "en"
        )
        for cue in sorted({str(c) for c in graph.objects(concept, SKOS.hiddenLabel)} | {label}):
            topic_of[cue if cue.isupper() else cue.lower()] = label

    def alternation(cues: list[str], flags: int) -> re.Pattern[str]:
        ordered = sorted(cues, key=lambda c: (-len(c), c))
        body = "|".join(re.escape(c) for c in ordered) or r"(?!)"
        return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", flags)

    upper = [c for c in topic_of if c.isupper()]
    lower = [c for c in topic_of if not c.isupper()]
    return alternation(lower, re.IGNORECASE), alternation(upper, 0), topic_of


def choose_topic(title: str, body: str) -> str:
    insensitive, sensitive, topic_of = _matchers()
    scores: Counter[str] = Counter()
    for text, weight in ((title, 3), (body, 1)):
        for m in insensitive.finditer(text):
            scores[topic_of[m.group(0).lower()]] += weight
        for m in sensitive.finditer(text):
            scores[topic_of[m.group(0)]] += weight
    if not scores:
        return ""
    best = max(scores.values())
    return min(label for label, score in scores.items() if score == best)
