"""The labelled check-worthiness set and the score's precision, recall and F1 on it."""

from bench.bench_checkworthiness import TARGET_F1, evaluate, load


def test_set_is_large_and_of_several_kinds() -> None:
    items = load()
    assert len(items) >= 300
    assert {"news", "debate", "oped", "letter"} <= {item.genre for item in items}
    assert all(item.sentence.strip() and item.source for item in items)
    positives = sum(item.label for item in items)
    assert 0.3 < positives / len(items) < 0.7


def test_score_meets_the_desks_target_at_its_threshold() -> None:
    scores = evaluate(load())
    assert scores.f1 >= TARGET_F1, scores


def test_evaluate_counts_precision_and_recall() -> None:
    from bench.bench_checkworthiness import Labelled

    items = [
        Labelled(True, "news", "x", "Police arrested 27 people after the match."),
        Labelled(False, "oped", "x", "We must do better than this."),
        Labelled(True, "news", "x", "It is getting hotter and sea levels are rising."),
    ]
    scores = evaluate(items)
    assert (scores.precision, scores.recall, scores.count) == (1.0, 0.5, 3)
