"""The per-word cache of state scores: one table, grown and restarted safely under threads."""

import threading

from tagger import Tagger


def test_word_cache_that_grows_and_restarts_under_threads_gives_serial_results(tiny_model, tiny_records):
    texts = [record["text"] for record in tiny_records] * 3
    texts += [f"{text} extra{index} words{index}" for index, text in enumerate(texts)]
    expected = [reference.to_dict() for reference in Tagger.load(tiny_model).parse_many(texts)]

    shared = Tagger.load(tiny_model)
    shared._words.CAPACITY = 40  # forces restarts, and growth past the initial rows in between
    results: dict[int, list[dict]] = {}

    def work(worker: int) -> None:
        rotated = texts[worker:] + texts[:worker]
        results[worker] = [reference.to_dict() for reference in shared.parse_many(rotated, batch_size=7)]

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker, got in results.items():
        assert got == expected[worker:] + expected[:worker]
    assert len(results) == 8
