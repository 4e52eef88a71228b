"""Scoring a run: retrieval, answers, citations, abstention and what a reader sees (right as
shown, short-answer precision, type violations...), per split, per kind, per kind of turn."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant import Answer
from evals import metrics, typecheck
from evals.expectations import score_expect
from index.errors import LoadError
from index.text.decoding import read_source_text

if TYPE_CHECKING:
    from evals.runner import ItemResult

_mean = metrics.mean
_rate = metrics.rate


def run_report(results: Sequence[ItemResult]) -> dict[str, Any]:
    """The whole scored run: ``summarize`` of every question item, plus ``by_kind``,
    ``followups``, ``news`` (pass rates of the news kinds), ``violations`` (every type
    violation) and ``by_split`` (the same for each split present)."""
    report = _one_split(results)
    splits = sorted({r.item.split or "unsplit" for r in results})
    if len(splits) > 1 or splits != ["unsplit"]:
        report["by_split"] = {
            s: _one_split([r for r in results if (r.item.split or "unsplit") == s]) for s in splits
        }
    return report


def _one_split(results: Sequence[ItemResult]) -> dict[str, Any]:
    questions = [r for r in results if not r.item.is_news]
    report = summarize(questions)
    report["by_kind"] = per_kind(questions)
    report["followups"] = followups(questions)
    report["news"] = news(r for r in results if r.item.is_news)
    report["violations"] = type_violations(questions)
    return report


def summarize(results: Sequence[ItemResult]) -> dict[str, Any]:
    """Scores of question items (news items are left out): fractions in 0..1 (None where
    nothing is counted), latencies in milliseconds."""
    results = [r for r in results if not r.item.is_news]
    answerable = [r for r in results if r.item.answerable]
    latencies = [r.latency_ms for r in results]
    return {
        "items": len(results),
        "answerable_items": len(answerable),
        "retrieval": _retrieval(answerable),
        "answers": _answers(answerable),
        "reader": reader(results),
        "citations": _citations(results),
        "abstention": _abstention(results),
        "latency_ms": {
            "p50": round(metrics.percentile(latencies, 50), 1),
            "p95": round(metrics.percentile(latencies, 95), 1),
        },
        "modes": dict(sorted(Counter(r.answer.mode for r in results).items())),
    }


def per_kind(results: Sequence[ItemResult]) -> dict[str, dict[str, Any]]:
    """``summarize`` for each kind of question item (factoid, why_how, ...)."""
    results = [r for r in results if not r.item.is_news]
    kinds = sorted({r.item.kind for r in results})
    return {kind: summarize([r for r in results if r.item.kind == kind]) for kind in kinds}


def shown(answer: Answer) -> str:
    """What the reader sees as the answer: the short answer, else the first quote ("" when the
    answer is a refusal)."""
    if not answer.answerable:
        return ""
    if answer.short_answer:
        return answer.short_answer
    return answer.citations[0].quote if answer.citations else ""


def right_as_shown(answer: Answer, golds: Sequence[str]) -> bool:
    """The short answer is right (``metrics.short_answer_right``), or, when none is shown, the
    first quote holds a gold answer; a refusal is never right."""
    if not answer.answerable or not golds:
        return False
    if answer.short_answer:
        return metrics.short_answer_right(answer.short_answer, golds)
    return bool(metrics.contains([shown(answer)], golds))


def reader(results: Sequence[ItemResult]) -> dict[str, Any]:
    """What a reader sees: right as shown (of the answerable), short-answer precision (of the
    short answers shown, on any item: one shown for a near miss is wrong), short-answer rate
    (of the answers that are not refusals), type violations (of the short answers shown whose
    type could be checked), refusals of answerable questions, near-miss abstention (refusals of
    the unanswerable), sentence choice (the first quote holds a gold answer, of the answerable
    questions whose gold article is in the top 5 retrieved; a refusal quotes nothing)."""
    answerable = [r for r in results if r.item.answerable]
    unanswerable = [r for r in results if not r.item.answerable]
    answered = [r for r in results if r.answer.answerable]
    shorts = [r for r in answered if r.answer.short_answer]
    short_right = [r for r in shorts if right_as_shown(r.answer, r.item.answers)]
    checked = [r for r in shorts if _item_type(r)[0] is not None]
    violations = type_violations(results)
    choice = [r for r in answerable if metrics.hit_at(r.ranked_articles, set(r.item.articles), 5)]
    return {
        "right_as_shown": _rate(
            sum(right_as_shown(r.answer, r.item.answers) for r in answerable), len(answerable)
        ),
        "short_answer_precision": _rate(len(short_right), len(shorts)),
        "short_answer_rate": _rate(len(shorts), len(answered)),
        "short_answers": len(shorts),
        "type_violations": len(violations),
        "type_violation_rate": _rate(len(violations), len(checked)),
        "type_checked": len(checked),
        "refusals_of_answerable": _rate(
            sum(not r.answer.answerable for r in answerable), len(answerable)
        ),
        "near_miss_abstention": _rate(
            sum(not r.answer.answerable for r in unanswerable), len(unanswerable)
        ),
        "sentence_choice": _rate(
            sum(bool(metrics.contains([_first_quote(r.answer)], r.item.answers)) for r in choice),
            len(choice),
        ),
        "sentence_choice_items": len(choice),
    }


def _first_quote(answer: Answer) -> str:
    return answer.citations[0].quote if answer.answerable and answer.citations else ""


def type_violations(results: Sequence[ItemResult]) -> list[dict[str, Any]]:
    """Every shown short answer whose type does not fit its item's ``type`` (items without a
    type are checked against the type their wh-word asks for, see ``typecheck.question_type``)."""
    found = []
    for r in results:
        short = r.answer.short_answer if r.answer.answerable else None
        type_, focus = _item_type(r)
        if not short or type_ is None:
            continue
        sentence = _sentence_of(short, r.answer)
        outlets = {c.outlet for c in r.answer.citations if c.outlet}
        outlets |= {p.outlet for p in r.answer.passages if p.outlet}
        reason = typecheck.violation(short, type_, focus, sentence, outlets)
        if reason:
            found.append(
                {
                    "id": r.item.id,
                    "split": r.item.split,
                    "kind": r.item.kind,
                    "question": r.item.question,
                    "type": type_,
                    "focus": focus,
                    "short_answer": short,
                    "reason": reason,
                }
            )
    return found


def _item_type(r: ItemResult) -> tuple[str | None, str | None]:
    if r.item.type is not None:
        return (None if r.item.type == "other" else r.item.type), r.item.focus
    return typecheck.question_type(r.item.question), None


def _sentence_of(short: str, answer: Answer) -> str | None:
    for c in answer.citations:
        if short.lower() in c.quote.lower():
            return c.quote
    return answer.citations[0].quote if answer.citations else None


def followups(results: Sequence[ItemResult]) -> dict[str, Any] | None:
    """Conversation turns of answerable items: first turns, follow-ups (in the conversation,
    and the same questions written out and asked alone), and topic changes (likewise);
    right as shown and hit@5 for each. None when the run has no conversations."""
    turns = [r for r in results if r.item.conversation and r.item.answerable]
    if not turns:
        return None
    follow = [r for r in turns if r.item.is_follow_up and not r.item.topic_change]
    changes = [r for r in turns if r.item.is_follow_up and r.item.topic_change]
    return {
        "first_turns": _turn_scores(r for r in turns if not r.item.is_follow_up),
        "follow_ups": _turn_scores(follow),
        "follow_ups_written_out": _turn_scores(r.alone for r in follow if r.alone),
        "topic_changes": _turn_scores(changes),
        "topic_changes_alone": _turn_scores(r.alone for r in changes if r.alone),
    }


def _turn_scores(results: Iterable[ItemResult]) -> dict[str, Any]:
    rs = list(results)
    return {
        "items": len(rs),
        "right_as_shown": _rate(sum(right_as_shown(r.answer, r.item.answers) for r in rs), len(rs)),
        "hit@5": _rate(
            sum(bool(metrics.hit_at(r.ranked_articles, set(r.item.articles), 5)) for r in rs),
            len(rs),
        ),
    }


def news(results: Iterable[ItemResult]) -> dict[str, Any] | None:
    """Pass rates of the news kinds' expectations, per kind, with what each failed item missed.
    None when the run has no news items."""
    scored = [(r, score_expect(r.item.expect, r.answer)) for r in results]
    if not scored:
        return None
    kinds = sorted({r.item.kind for r, _ in scored})
    by_kind = {}
    for kind in kinds:
        rows = [s for r, s in scored if r.item.kind == kind]
        passed = sum(s.passed for s in rows)
        by_kind[kind] = {
            "items": len(rows),
            "passed": passed,
            "pass_rate": _rate(passed, len(rows)),
        }
    passed = sum(s.passed for _, s in scored)
    return {
        "items": len(scored),
        "passed": passed,
        "pass_rate": _rate(passed, len(scored)),
        "by_kind": by_kind,
        "failures": [
            {"id": r.item.id, "question": r.item.question, "missed": list(s.failures)}
            for r, s in scored
            if not s.passed
        ],
    }


def _retrieval(answerable: Sequence[ItemResult]) -> dict[str, float]:
    names = ["hit@1", "hit@3", "hit@5", "mrr", "ndcg@10"]
    scores: dict[str, list[float]] = {name: [] for name in names}
    for r in answerable:
        gold = set(r.item.articles)
        for n in (1, 3, 5):
            scores[f"hit@{n}"].append(metrics.hit_at(r.ranked_articles, gold, n))
        scores["mrr"].append(metrics.reciprocal_rank(r.ranked_articles, gold))
        scores["ndcg@10"].append(metrics.ndcg_at(r.ranked_articles, gold, 10))
    return {name: round(_mean(v), 4) for name, v in scores.items()}


def _answers(answerable: Sequence[ItemResult]) -> dict[str, float]:
    """EM and token F1 of what is shown; ``contains``: the answer text or first quote holds a
    gold answer."""
    scores: dict[str, list[float]] = {"em": [], "f1": [], "contains": []}
    for r in answerable:
        span = shown(r.answer)
        scores["em"].append(metrics.exact_match(span, r.item.answers))
        scores["f1"].append(metrics.token_f1(span, r.item.answers))
        first_quote = r.answer.citations[0].quote if r.answer.citations else ""
        scores["contains"].append(metrics.contains([r.answer.text, first_quote], r.item.answers))
    return {name: round(_mean(v), 4) for name, v in scores.items()}


def _citations(results: Sequence[ItemResult]) -> dict[str, Any]:
    """Precision over answerable items' citations; quote checks over every citation."""
    precision: list[float] = []
    for r in results:
        if not r.item.answerable:
            continue
        passages = {p.id: p.text for p in r.answer.passages}
        for c in r.answer.citations:
            text = passages.get(c.passage_id, c.quote)
            hit = metrics.contains([text], r.item.answers) or any(
                metrics.normalize(s) in metrics.normalize(text) for s in r.item.supports
            )
            precision.append(float(hit))
    checker = QuoteChecker()
    verified = [
        float(checker.ok(c.path, c.start, c.end, c.quote))
        for r in results
        for c in r.answer.citations
    ]
    return {
        "precision": round(_mean(precision), 4),
        "quote_verified": round(_mean(verified), 4) if verified else 1.0,
        "count": len(verified),
    }


def _abstention(results: Sequence[ItemResult]) -> dict[str, Any]:
    unanswerable = sum(1 for r in results if not r.item.answerable)
    said_no = [r for r in results if not r.answer.answerable]
    correct = sum(1 for r in said_no if not r.item.answerable)
    return {
        "precision": round(correct / len(said_no), 4) if said_no else 1.0,
        "recall": round(correct / unanswerable, 4) if unanswerable else 1.0,
        "false_abstentions": len(said_no) - correct,
    }


class QuoteChecker:
    """Re-reads source files independently of the assistant to check every quote."""

    def __init__(self) -> None:
        self._texts: dict[str, str | None] = {}

    def ok(self, path: str, start: int, end: int, quote: str) -> bool:
        key = str(Path(path).resolve())
        if key not in self._texts:
            try:
                self._texts[key] = read_source_text(Path(key))[0]
            except (LoadError, OSError):
                self._texts[key] = None
        text = self._texts[key]
        if text is None or not 0 <= start < end <= len(text):
            return False
        written = text[start:end]
        if Path(key).suffix.lower() in (".json", ".jsonl"):
            return _json_reads_as(written, quote)
        return written == quote


def _json_reads_as(written: str, quote: str) -> bool:
    """A span of a JSON string literal read by the json module itself (not the assistant's
    reader): its escapes read, it must say exactly the quote."""
    try:
        return bool(json.loads(f'"{written}"') == quote)
    except json.JSONDecodeError:
        return False
