"""The question's weights come out in the same order whatever the hash seed, so that every run of
the answerer (and of its evaluation) breaks ties and sums floats the same way."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from index.search.terms import terms

_QUESTION = "How many gas stations did the automobile association say ran out of fuel?"
_CONTEXT = "What did the energy office report about gasoline lines and stations?"
_READ = f"""
import json
from assistant.answering.questions.question import read_question
flat = lambda words: {{w: 1.0 for w in words}}
q = read_question({_QUESTION!r}, None, flat, context={_CONTEXT!r})
print(json.dumps(list(q.weights.items())))
"""


def _weights_under(seed: int) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run(
        [sys.executable, "-c", _READ], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_question_weights_do_not_depend_on_the_hash_seed() -> None:
    runs = {_weights_under(seed) for seed in (0, 1, 2, 3)}
    assert len(runs) == 1


def test_question_weights_follow_the_words_then_the_context() -> None:
    first = json.loads(_weights_under(5))
    own = list(dict.fromkeys(terms(_QUESTION)))
    extra = [t for t in dict.fromkeys(terms(_CONTEXT)) if t not in own]
    assert [t for t, _ in first] == own + extra
    assert [w for _, w in first] == [1.0] * len(own) + [0.25] * len(extra)
