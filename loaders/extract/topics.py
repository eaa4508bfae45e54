"""A report's topic: the concept of the topic scheme whose cue terms its text uses most.

The scheme (ontology/topics.ttl) is vocabulary, not report facts: each concept lists cue
terms as skos:hiddenLabel. Title hits weigh three times body hits.
"""

import re
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from ontology import TOPICS_FILE


@cache
def topic_cues() -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    graph = Graph().parse(TOPICS_FILE, format="turtle")
    out = []
    for concept in sorted(
        {c for c in graph.subjects(SKOS.prefLabel, None) if isinstance(c, URIRef)}
    ):
        label = str(graph.value(concept, SKOS.prefLabel))
        cues = sorted({str(c) for c in graph.objects(concept, SKOS.hiddenLabel)} | {label})
        patterns = tuple(
            re.compile(
                r"(?<![\w-])" + re.escape(c) + r"(?![\w-])", 0 if c.isupper() else re.IGNORECASE
            )
            for c in cues
        )
        out.append((label, patterns))
    return tuple(out)


def choose_topic(title: str, body: str) -> str:
    best = ("", 0)
    for label, patterns in topic_cues():
        score = sum(3 * len(p.findall(title)) + len(p.findall(body)) for p in patterns)
        if score > best[1]:
            best = (label, score)
    return best[0]
