"""Evaluation of retrieval, answers and citations on known question-answer pairs."""
