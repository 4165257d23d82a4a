r"""Reading text: a news report in, draft events with evidence out.

Recognisers (dates, places, actor mentions, cues, tolls) find typed mentions with
spans on folded text; builders (frames, roles, incidents) combine them into
:class:`events.model.Event` drafts. Word lists live in ``lexicons/*.csv``.

Example
-------
>>> from events.actors import load_actor_registry
>>> from geo.gazetteer import load_gazetteer
>>> doc = parse_report("published: 2024-09-18\n\nHier, le JNIM a attaqué l'armée à Gao.")
>>> [e.actor1 for e in extract_events(doc, gazetteer=load_gazetteer(),
...                                   registry=load_actor_registry())]
['JNIM']
"""

from __future__ import annotations

from extract.pipeline import extract_events
from extract.report import IngestError, Report, parse_report, read_report

__all__ = ["IngestError", "Report", "extract_events", "parse_report", "read_report"]
