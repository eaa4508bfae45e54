"""From a decoded source to report records to named graphs.

The page is split into sections (one per report); each section's sentences are read in
order by the extractors; documents a section names (plans, blueprints, policy addresses)
become reports of their own, and sentences that speak of them ('In this year's Policy
Address, ...', 'the plan said ...') are attributed to them.
"""

import re
from collections import Counter

from loaders import Extraction
from loaders.errors import LoaderError
from loaders.extract import agents, collaboration, dates, documents, money, statistics
from loaders.extract.editions import edition_from_link
from loaders.extract.entities import EntityFinder
from loaders.extract.recommendations import (
    CLAIM,
    Found,
    claimed_count,
    find_in_sentence,
    list_item,
    measures,
    numbered_items,
)
from loaders.extract.topics import choose_topic
from loaders.model import (
    FundRecord,
    Mention,
    RecommendationRecord,
    ReportRecord,
    Span,
    StatisticRecord,
)
from loaders.registry import (
    FUND_CLASSES,
    GOVERNMENT_CLASSES,
    ORGANISATION_CLASSES,
    Entity,
    Registry,
    fold,
)
from loaders.script import chinese_variant
from loaders.sentences import LIST_MARKER, Sentence, flat, sentences
from loaders.source import SourceText
from loaders.splitter import Section, split_page
from loaders.triples import report_graphs

ENTITLED = re.compile(
    r"\b(?:entitled|titled|named|called)\s*[,:]?\s*[‘“\"']\s*(?P<title>[^’”\"]{8,300}?)\s*[’”\"']"
)
REPORTISH = re.compile(
    r"\b(?:report|study|paper|research|article|publication|book)\b", re.IGNORECASE
)
CREATE = re.compile(
    r"\b(?:establish\w*|set(?:ting)?\s+up|creat\w+|launch\w*|introduc\w+|"
    r"new)\s+(?:a\s+|an\s+|the\s+)?(?:[\w$-]+\s+){0,4}$",
    re.IGNORECASE,
)
CONSIDER = re.compile(
    r"\bfor\s+(?P<who>.+?)\s+to\s+(?:consider|act on|take forward|adopt|implement)\b", re.IGNORECASE
)
NUMBERED_LINE = re.compile(r"^\(\d{1,2}\)\s")
LIST_CUE = re.compile(
    r"\b(?:recommend\w*|propos\w*|suggest\w*|measures|strategies|following|as follows|include|"
    r"calls? for|urg\w+)\b[^.]*:\s*$",
    re.IGNORECASE,
)


def extract(source: SourceText, registry: Registry) -> Extraction:
    finder = EntityFinder(registry)
    sections = split_page(source)
    year = _page_year(source, sections)
    header_publisher = _header_publisher(source, finder)
    records: list[ReportRecord] = []
    for section in sections:
        record = _read_section(source, section, finder, year, header_publisher)
        if record is not None:
            records.append(record)
    if not records:
        raise LoaderError(
            source.path,
            "holds no report: no title, heading or named document found",
            "is this a report page?",
        )
    _fill_publishers(records, header_publisher)
    return Extraction(source=source, triples=report_graphs(records, source, registry))


def _page_year(source: SourceText, sections: list[Section]) -> int | None:
    if "year" in source.metadata:
        return int(source.metadata["year"])
    for section in sections:
        if section.date:
            return section.date.year
    found = dates.find_date(source.body[:2000])
    return found[0].year if found else None


def _header_publisher(source: SourceText, finder: EntityFinder) -> Mention | None:
    """The publisher a metadata header names: a known organisation named in it, or the
    name itself as a new organisation (context, never report text)."""
    name = source.metadata.get("publisher") or source.metadata.get("site_name", "")
    header_span = Span(0, source.body_start) if source.body_start else Span(0, 1)
    site = source.metadata.get("site") or _domain(source.metadata.get("url", ""))
    owner = finder.registry.for_site(site) if site else None
    if owner is not None and owner.cls in ORGANISATION_CLASSES:
        return Mention(owner, header_span, header_span)
    if not name:
        return None
    at = source.text.find(name)
    inside = 0 <= at < max(source.body_start, 1)
    base = at if inside else 0
    for mention in finder.find(name, base):
        if mention.entity.cls in ORGANISATION_CLASSES:
            span = mention.span if inside else header_span
            return Mention(mention.entity, span, header_span if source.body_start else span)
    if len(name.split()) < 2 or re.search(r"\b(?:press release|news|page|website)\b", name, re.I):
        return None
    entity = finder.discovered(name, "Organisation")
    span = Span(at, at + len(name)) if inside else header_span
    return Mention(entity, span, header_span if source.body_start else span)


def _domain(url: str) -> str:
    match = re.match(r"^[a-z]+://([^/:]+)", url)
    return match.group(1) if match else ""


def _fill_publishers(records: list[ReportRecord], header: Mention | None) -> None:
    """Reports of the page with no publisher of their own take the header's, or the one
    most reports on the page name (a page of one think tank's summaries)."""
    named = Counter(r.publisher.entity.label for r in records if r.publisher and not r.cited_in)
    majority = None
    if named:
        label = named.most_common(1)[0][0]
        majority = next(
            r.publisher for r in records if r.publisher and r.publisher.entity.label == label
        )
    for record in records:
        if record.publisher is None and record.cited_in is None:
            record.publisher = header or majority


class SectionReader:
    """Reads one section's sentences in order; holds what the sentences build up."""

    def __init__(
        self, source: SourceText, section: Section, finder: EntityFinder, year: int | None
    ) -> None:
        self.source = source
        self.section = section
        self.finder = finder
        self.year = year
        self.text = source.text
        self.docs: dict[str, ReportRecord] = {}
        self.doc_aliases: dict[str, ReportRecord] = {}
        self.sentences: list[tuple[int, Sentence]] = []
        for number, paragraph in enumerate(section.paragraphs):
            self.sentences += [(number, s) for s in sentences(self.text, paragraph)]
        self.mentions: dict[Span, list[Mention]] = {}
        self.page_publisher: Mention | None = None

    def mentions_in(self, sentence: Sentence) -> list[Mention]:
        if sentence.span not in self.mentions:
            found = self.finder.find(sentence.text, sentence.span.start)
            self.mentions[sentence.span] = [Mention(m.entity, m.span, sentence.span) for m in found]
        return self.mentions[sentence.span]

    def doc(
        self, ref: documents.DocumentRef, cited_in: ReportRecord | None, context: Span
    ) -> ReportRecord:
        key = fold(ref.title)
        known = self.doc_aliases.get(key) or next(
            (self.doc_aliases[fold(a)] for a in ref.aliases if fold(a) in self.doc_aliases), None
        )
        if known is not None:
            return known
        record = ReportRecord(
            title=ref.title,
            title_span=ref.span,
            body=context,
            policy_document=True,
            aliases=list(ref.aliases),
            cited_in=cited_in,
        )
        record.title_span = ref.span
        self.docs[key] = record
        for name in (ref.title, *ref.aliases):
            self.doc_aliases[fold(name)] = record
        if cited_in is not None:
            cited_in.cited.append(record)
        return record


def _read_section(
    source: SourceText,
    section: Section,
    finder: EntityFinder,
    year: int | None,
    page_publisher: Mention | None = None,
) -> ReportRecord | None:
    reader = SectionReader(source, section, finder, year)
    reader.page_publisher = page_publisher
    title, title_span = section.title, section.title_span
    aliases: list[str] = []
    for _, sentence in reader.sentences:
        m = ENTITLED.search(sentence.text)
        if m and REPORTISH.search(sentence.text[: m.start()]):
            new_title = flat(m.group("title"))
            if title and fold(new_title) != fold(title):
                aliases.append(title)
            title, title_span = (
                new_title,
                sentence.sub(m.start("title"), m.start("title") + len(m.group("title"))),
            )
            break
    main: ReportRecord
    if title and title_span is not None:
        main = ReportRecord(
            title=flat(title), title_span=title_span, body=section.span, aliases=aliases
        )
    else:
        main_found = _main_document(reader)
        if main_found is None:
            return None
        main = main_found
    main.issued, main.issued_span = section.date, section.date_span
    main.editions = [
        e for e in (edition_from_link(link.text, link.span) for link in section.links) if e
    ]
    main.alternative_titles = [
        (line.text, chinese_variant(line.text)) for line in section.chinese_titles
    ]
    reader.doc_aliases[fold(main.title)] = main
    for alias in main.aliases:
        reader.doc_aliases[fold(alias)] = main
    _read_sentences(reader, main)
    main.topic = choose_topic(main.title, " ".join(s.text for _, s in reader.sentences))
    for doc in main.cited:
        doc.topic = ""
    return main


def _main_document(reader: SectionReader) -> ReportRecord | None:
    """An untitled page reports on the document its opening sentences announce."""
    for _, sentence in reader.sentences[:3]:
        if not agents.PUBLISHED.search(sentence.text):
            continue
        refs = documents.find_documents(sentence, reader.year)
        if refs:
            return reader.doc(refs[0], None, reader.section.span)
    for _, sentence in reader.sentences[:1]:
        words = sentence.text.split()
        if 3 <= len(words) <= 25:
            return ReportRecord(
                title=flat(sentence.text.rstrip(".")),
                title_span=sentence.span,
                body=reader.section.span,
            )
    return None


def _target(
    reader: SectionReader,
    main: ReportRecord,
    sentence: Sentence,
    refs: list[documents.DocumentRef],
    before: int,
) -> ReportRecord:
    """The report a sentence speaks for: a document named or referred back to before
    position ``before`` ('In this year's Policy Address, ...', 'the plan said ...')."""
    best: tuple[int, ReportRecord] | None = None
    for ref in refs:
        rel = ref.span.start - sentence.span.start
        if rel < before:
            record = reader.doc_aliases.get(fold(ref.title))
            if record is not None and (best is None or rel < best[0]):
                best = (rel, record)
    for doc in [main, *main.cited]:
        for name in {doc.title, *doc.aliases}:
            # only the first occurrence can win (str.find: a regex per title filled re's cache)
            at = sentence.text.find(name)
            if 0 <= at < before and (best is None or at < best[0]):
                best = (at, doc)
        pattern = documents.anaphor_pattern(_head(doc))
        for m in pattern.finditer(sentence.text):
            if m.start() < before and (best is None or m.start() < best[0]):
                best = (m.start(), doc)
    return best[1] if best else main


def _head(doc: ReportRecord) -> str:
    for head in sorted(documents.HEADS, key=len, reverse=True):
        if doc.title.endswith(head) or any(a.endswith(head) for a in doc.aliases):
            return head
    match = re.search(
        r"\b(Plan|Blueprint|Address|Strategy|Outline|Report|Study|Paper)\b", doc.title
    )
    return match.group(1) if match else "report"


def _read_sentences(reader: SectionReader, main: ReportRecord) -> None:
    text = reader.text
    title_sentence = Sentence(main.title, main.title_span)
    main.mentions += [
        Mention(m.entity, m.span, main.title_span)
        for m in reader.finder.find(
            text[main.title_span.start : main.title_span.end], main.title_span.start
        )
    ]
    recent_org: Mention | None = None
    context_addressees: list[Mention] = []
    context_paragraph = -1
    list_context = False
    pending_frame: tuple[str, ReportRecord, list[Mention]] | None = None
    previous_stat: StatisticRecord | None = None
    previous_paragraph = -1
    home: Entity | None = None
    cities: Counter[Entity] = Counter(
        m.entity for m in main.mentions if m.entity.cls == "City"
    )  # the report's home city: the one it names most so far
    for number, sentence in reader.sentences:
        mentions = reader.mentions_in(sentence)
        refs = documents.find_documents(sentence, reader.year)
        for ref in refs:
            if fold(ref.title) != fold(main.title) and fold(ref.title) not in map(
                fold, main.aliases
            ):
                reader.doc(ref, main, sentence.span)
        # who publishes
        if (
            main.publisher is None
            and main.policy_document
            and any(fold(r.title) == fold(main.title) for r in refs)
        ):
            main.publisher = _document_publisher(reader, sentence, mentions, main)
        if main.publisher is None and not main.policy_document:
            publisher, partners = agents.partners_in(sentence, mentions)
            if (publisher is None and REPORTISH.search(sentence.text)) or agents.WRITTEN_BY.match(
                sentence.text
            ):
                publisher = agents.publisher_in(sentence, mentions, recent_org)
            if publisher is not None and not refs:
                main.publisher = publisher
                main.partners = partners
        for doc in main.cited:
            if doc.publisher is None and any(fold(r.title) == fold(doc.title) for r in refs):
                doc.publisher = _document_publisher(reader, sentence, mentions, doc)
        orgs = agents.organisations(mentions)
        if orgs:
            recent_org = orgs[0]
        # recommendations
        count = claimed_count(sentence)
        found: list[Found]
        marker = LIST_MARKER.match(sentence.text)
        if NUMBERED_LINE.match(sentence.text) and (list_context or pending_frame):
            found = numbered_items(sentence, pending_frame[0] if pending_frame else "")
        elif re.search(r"\(\d\)\s", sentence.text) and pending_frame:
            found = numbered_items(sentence, pending_frame[0])
        elif marker and list_context:
            found = list_item(sentence, marker.end(), mentions)
        else:
            found = find_in_sentence(sentence, mentions)
            if not found and _government_voice(reader, main):
                found = measures(sentence, mentions)
        if LIST_CUE.search(sentence.text):
            list_context = True
        elif not marker and not found and count is None and number != context_paragraph:
            list_context = list_context and bool(LIST_MARKER.match(sentence.text))
        target = _target(
            reader,
            main,
            sentence,
            refs,
            found[0].span.start - sentence.span.start if found else len(sentence.text),
        )
        if count is not None:
            target.claimed_count = count
            list_context = True
            who = CONSIDER.search(sentence.text)
            if who:
                lo = sentence.span.start + who.start("who")
                hi = sentence.span.start + who.end("who")
                context_addressees = [
                    m for m in agents.organisations(mentions) if lo <= m.span.start < hi
                ]
                context_paragraph = number
        target.mentions += mentions
        if target is not main:
            main.mentions += mentions
        if (
            found
            and count is not None
            and CLAIM.search(sentence.text)
            and re.search(r"\b(?:could|should|can|need to|must)\s+be\s+\w+", sentence.text)
            and not re.search(r"\(\d\)", sentence.text)
        ):
            frame_span = found[0].span
            frame = flat(text[frame_span.start : frame_span.end])
            frame = CLAIM.sub("", frame, count=1).strip()
            frame = re.sub(r"^(?:of|in)\s+", "", re.sub(r"\s*\([^)]*\)", "", frame))
            pending_frame = (
                frame,
                target,
                found[0].addressees
                or [
                    m
                    for m in agents.organisations(mentions)
                    if frame_span.start <= m.span.start < frame_span.end
                ],
            )
            continue
        frame_addressees: list[Mention] = []
        if pending_frame and found and found[0].prefix:
            target = pending_frame[1]
            frame_addressees = pending_frame[2]
        for item in found:
            label = flat(text[item.span.start : item.span.end])
            if item.prefix:
                label = (
                    f"{item.prefix} in {label}"
                    if len(label.split()) <= 3
                    else f"{item.prefix}: {label}"
                )
            addressees = (
                item.addressees
                or frame_addressees
                or (context_addressees if number == context_paragraph else [])
            )
            concerns = [
                m
                for m in mentions
                if item.span.start <= m.span.start < item.span.end
                and m.entity not in {a.entity for a in addressees}
            ]
            target.recommendations.append(
                RecommendationRecord(
                    label=label[:400],
                    span=item.span,
                    addressees=list(addressees),
                    concerns=concerns,
                )
            )
        if found and not NUMBERED_LINE.match(sentence.text):
            pending_frame = None if not found[0].prefix else pending_frame
        # funds and amounts
        _funds(reader, target, sentence, mentions, bool(found))
        # statistics
        if number != previous_paragraph:
            previous_stat = None
            previous_paragraph = number
        cities.update(m.entity for m in mentions if m.entity.cls == "City")
        home = cities.most_common(1)[0][0] if cities else None
        for stat in statistics.find_statistics(
            sentence, mentions, previous_stat, home, bool(found)
        ):
            target.statistics.append(stat)
            previous_stat = stat
        collaboration.collect(target, sentence, mentions, home)
    collaboration.collect(
        main,
        title_sentence,
        [m for m in main.mentions if m.context == main.title_span],
        _home(main),
    )
    collaboration.finish(main, reader.sentences, reader.mentions)
    for doc in main.cited:
        collaboration.finish(doc, reader.sentences, reader.mentions)


def _government_voice(reader: SectionReader, main: ReportRecord) -> bool:
    """A government's own page or plan: what the government says it will do are its
    measures (a news story or think-tank article reporting them recommends nothing)."""
    publisher = main.publisher or reader.page_publisher
    return main.policy_document or (
        publisher is not None and publisher.entity.cls in GOVERNMENT_CLASSES
    )


def _home(record: ReportRecord) -> Entity | None:
    counts = Counter(m.entity for m in record.mentions if m.entity.cls == "City")
    return counts.most_common(1)[0][0] if counts else None


def _document_publisher(
    reader: SectionReader, sentence: Sentence, mentions: list[Mention], doc: ReportRecord
) -> Mention | None:
    text = sentence.text
    publisher = agents.publisher_in(sentence, mentions, None)
    if publisher is not None:
        return publisher
    named_at = min(
        (
            m.start()
            for name in (doc.title, *doc.aliases)
            for m in re.finditer(re.escape(name), text)
        ),
        default=len(text),
    )
    for mention in mentions:
        if mention.span.start - sentence.span.start < named_at:
            continue  # the post speaks in a document named before it ('In X, the CE proposed')
        if mention.entity.cls == "Post" and mention.entity.part_of:
            owner = reader.finder.registry.entities.get(mention.entity.part_of)
            if owner is not None:
                return Mention(owner, mention.span, sentence.span)
    return None


def _named_fund_after(
    text: str, at: int, mentions: list[Mention], sentence: Sentence
) -> Mention | None:
    """'HK$10 billion into the Innovation and Technology Fund': the amount sizes that fund."""
    for mention in mentions:
        rel = mention.span.start - sentence.span.start
        if (
            mention.entity.cls in FUND_CLASSES
            and 0 <= rel - at <= 30
            and re.fullmatch(
                r"\s+(?:(?:\w+\s+)?(?:into|to|for|in|of)\s+(?:the\s+)?)?", text[at:rel]
            )
        ):
            return mention
    return None


def _funds(
    reader: SectionReader,
    target: ReportRecord,
    sentence: Sentence,
    mentions: list[Mention],
    recommending: bool,
) -> None:
    text = sentence.text
    for amount in money.find_amounts(text, sentence.span.start):
        rel_end = amount.span.end - sentence.span.start
        phrase = money.fund_phrase_after(
            text, rel_end + (len(text[rel_end:]) - len(text[rel_end:].lstrip()))
        )
        if phrase is None:
            named = _named_fund_after(text, rel_end, mentions, sentence)
            if named is not None:
                target.funds.append(
                    FundRecord(
                        entity=named.entity,
                        span=Span(amount.span.start, named.span.end),
                        proposed=False,
                        amount=amount,
                    )
                )
            continue
        name = text[phrase[0] : phrase[1]]
        if len(name.split()) == 1:
            name = flat(text[amount.span.start - sentence.span.start : phrase[1]])
        entity = reader.finder.discovered(
            name, "Fund", aliases=(flat(text[amount.span.start - sentence.span.start : phrase[1]]),)
        )
        proposed = bool(
            recommending or CREATE.search(text[: amount.span.start - sentence.span.start])
        )
        span = Span(amount.span.start, sentence.span.start + phrase[1])
        target.funds.append(FundRecord(entity=entity, span=span, proposed=proposed, amount=amount))
        mention = Mention(entity, sentence.sub(phrase[0], phrase[1]), sentence.span)
        mentions.append(mention)
    for mention in mentions:
        if mention.entity.cls in FUND_CLASSES and all(
            f.entity != mention.entity for f in target.funds
        ):
            before = text[: mention.span.start - sentence.span.start]
            proposed = bool(CREATE.search(before[-60:]))
            target.funds.append(
                FundRecord(entity=mention.entity, span=mention.span, proposed=proposed)
            )


__all__ = ["extract"]
