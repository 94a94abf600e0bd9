"""The model gate: the user's own work goes before other programs' requests, and those
go in the order they came (real threads; the model is not needed to see the order)."""

from __future__ import annotations

import threading
import time

import pytest

from engine.models.gate import GateClosedError, ModelGate


def _wait_until(condition: object, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline
        time.sleep(0.005)


def test_a_waiting_foreground_user_goes_before_every_waiting_background_request() -> None:
    gate = ModelGate()
    order: list[str] = []
    release = threading.Event()

    def use(name: str, background: bool) -> None:
        with gate.hold(background=background):
            order.append(name)
            if name == "first":
                release.wait(5)

    first = threading.Thread(target=use, args=("first", True))
    first.start()
    _wait_until(lambda: order == ["first"])
    threads = []
    for name in ("api-1", "api-2", "api-3"):
        threads.append(threading.Thread(target=use, args=(name, True)))
        threads[-1].start()
        count = len(threads)
        _wait_until(lambda: gate.waiting == count)  # noqa: B023 - used at once
    window = threading.Thread(target=use, args=("window", False))
    window.start()
    time.sleep(0.05)  # the window's chat is waiting too
    release.set()
    for thread in [first, *threads, window]:
        thread.join(5)
    assert order == ["first", "window", "api-1", "api-2", "api-3"]


def test_a_background_request_that_gives_up_leaves_the_line() -> None:
    gate = ModelGate()
    gone = threading.Event()
    outcome: list[str] = []

    def waiter() -> None:
        try:
            with gate.hold(background=True, gave_up=gone.is_set):
                outcome.append("served")
        except GateClosedError:
            outcome.append("gave up")

    with gate.hold():
        thread = threading.Thread(target=waiter)
        thread.start()
        _wait_until(lambda: gate.waiting == 1)
        gone.set()
        thread.join(5)
        assert outcome == ["gave up"] and gate.waiting == 0
    with gate.hold(background=True):  # the line is not blocked by the one that left
        pass


def _take_in_a_thread(gate: ModelGate) -> tuple[threading.Thread, threading.Event]:
    entered = threading.Event()

    def take() -> None:
        with gate.hold():
            entered.set()

    thread = threading.Thread(target=take)
    thread.start()
    return thread, entered


def test_the_holder_may_take_the_gate_again_and_others_wait_until_it_lets_go() -> None:
    gate = ModelGate()
    with gate.hold(background=True), gate.hold():  # stream() inside a held API request
        thread, entered = _take_in_a_thread(gate)
        assert not entered.wait(0.1)
    assert entered.wait(5)
    thread.join(5)


@pytest.mark.parametrize("background", [False, True])
def test_the_gate_is_free_again_after_an_error_inside(background: bool) -> None:
    gate = ModelGate()
    with pytest.raises(ValueError), gate.hold(background=background):
        raise ValueError("boom")
    thread, entered = _take_in_a_thread(gate)
    assert entered.wait(5)
    thread.join(5)
