"""One seed, one answer: normalising seeds and deriving child seeds.

Every stochastic entry point in foedus takes ``seed=None`` and passes it through
:func:`as_seed_sequence` or :func:`as_generator`. Work that is split into tasks
(Monte Carlo chunks, sweep points) draws its randomness from :func:`spawn`, which
derives child :class:`numpy.random.SeedSequence` objects from the parent. Because a
child seed depends only on the parent seed and the task's index, a serial run, a
process pool and a Dask cluster give the same numbers for the same seed (the same
idea as NetworkX's ``np_random_state`` and Axelrod's ``BulkRandomGenerator``).
"""

from __future__ import annotations

import numpy as np

from foedus.errors import InputError

SeedLike = int | np.random.Generator | np.random.SeedSequence | None
"""What every ``seed=`` argument accepts."""


def as_seed_sequence(seed: SeedLike) -> np.random.SeedSequence:
    """Return the :class:`~numpy.random.SeedSequence` behind ``seed``.

    Parameters
    ----------
    seed : int, numpy.random.Generator, numpy.random.SeedSequence or None
        ``None`` draws fresh entropy from the operating system; an ``int`` must be
        non-negative; a ``Generator`` contributes the seed sequence it was built from.

    Raises
    ------
    InputError
        (a ``ValueError``) If ``seed`` is a negative integer or of an unsupported type.

    Examples
    --------
    >>> as_seed_sequence(1).entropy
    1
    """
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, np.random.Generator):
        seq = seed.bit_generator.seed_seq
        if not isinstance(seq, np.random.SeedSequence):  # pragma: no cover - exotic bit generators
            raise ValueError("seed: this Generator has no SeedSequence; pass an int instead")
        return seq
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise InputError(
            f"seed: expected a non-negative int, a numpy Generator, a SeedSequence or None, "
            f"got {type(seed).__name__} {seed!r}"
        )
    if seed < 0:
        raise InputError(f"seed: expected a non-negative int, got {seed}")
    return np.random.SeedSequence(int(seed))


def as_generator(seed: SeedLike) -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` for ``seed``.

    A ``Generator`` passed in is returned as is (the caller shares its stream);
    anything else is turned into a fresh PCG64 generator.

    Examples
    --------
    >>> float(as_generator(7).random()) == float(as_generator(7).random())
    True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.Generator(np.random.PCG64(as_seed_sequence(seed)))


def spawn(seed: SeedLike, n: int) -> list[np.random.SeedSequence]:
    """Derive ``n`` independent child seed sequences from ``seed``.

    Child ``k`` depends only on ``seed`` and ``k`` (its spawn key), never on how many
    children were derived before in this process, so task ``k`` gets the same stream
    wherever it runs.

    Examples
    --------
    >>> [c.spawn_key for c in spawn(3, 2)]
    [(0,), (1,)]
    """
    if n < 0:
        raise ValueError(f"n: expected a non-negative number of children, got {n}")
    parent = as_seed_sequence(seed)
    base = parent.spawn_key
    return [
        np.random.SeedSequence(parent.entropy, spawn_key=(*base, k), pool_size=parent.pool_size)
        for k in range(n)
    ]


def child(seed: SeedLike, k: int) -> np.random.SeedSequence:
    """Child ``k`` of ``seed``: the same as ``spawn(seed, n)[k]`` for any ``n > k``, in O(1).

    Examples
    --------
    >>> child(5, 3).generate_state(1).tolist() == spawn(5, 4)[3].generate_state(1).tolist()
    True
    """
    if k < 0:
        raise ValueError(f"k: expected a non-negative child index, got {k}")
    parent = as_seed_sequence(seed)
    return np.random.SeedSequence(
        parent.entropy, spawn_key=(*parent.spawn_key, k), pool_size=parent.pool_size
    )


def seed_entropy(seed: SeedLike) -> int | None:
    """The integer that reproduces ``seed``, for provenance (``None`` if there is none)."""
    seq = as_seed_sequence(seed) if seed is not None else None
    if seq is None:
        return None
    entropy = seq.entropy
    return int(entropy) if isinstance(entropy, (int, np.integer)) else None
